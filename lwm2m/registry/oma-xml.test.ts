import { describe, expect, it } from 'vitest';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { editText, randomText, truncate } from '../../test/support/prng.js';
import { collectObjects, compareVersions } from './collect-objects.js';
import { objectsFromXml } from './oma-xml.js';

/** A registry-style document with odd whitespace; `items` go inside <Resources>. */
function doc(id: string, version: string, items: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- licence header -->
<LWM2M xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Object ObjectType="MODefinition">
    <Name> Odd
      Object </Name>
    <Description1><![CDATA[Prose that must never be carried over.]]></Description1>
    <ObjectID>${id}</ObjectID>
    <ObjectURN>urn:oma:lwm2m:x:${id}:${version}</ObjectURN>
    <LWM2MVersion>1.1</LWM2MVersion>
    <ObjectVersion>${version}</ObjectVersion>
    <MultipleInstances>Multiple</MultipleInstances>
    <Mandatory>Optional</Mandatory>
    ${extra}
    <Resources>${items}</Resources>
  </Object>
</LWM2M>`;
}

const ITEMS = `
  <Item ID="0"><Name>Value</Name><Operations> RW </Operations><MultipleInstances>Single</MultipleInstances>
    <Mandatory>Mandatory</Mandatory><Type>Unsigned   Integer</Type>
    <RangeEnumeration>
        </RangeEnumeration><Units>
        </Units><Description><![CDATA[More prose.]]></Description></Item>
  <Item ID="1"><Name>Go</Name><Operations>E</Operations><MultipleInstances>Single</MultipleInstances>
    <Mandatory>Optional</Mandatory><Type></Type><RangeEnumeration /><Units /></Item>
  <Item ID="2"><Name>Limits</Name><Operations>R</Operations><MultipleInstances>Multiple</MultipleInstances>
    <Mandatory>Optional</Mandatory><Type>Float</Type><RangeEnumeration>&#60;7 to &#62;12.5</RangeEnumeration>
    <Units>Cel</Units></Item>
  <Item ID="3"><Name>No range element</Name><Operations>WR</Operations><Type>String</Type></Item>
  <Item ID="4"><Name>Weird</Name><Operations>RWX</Operations><MultipleInstances>Single</MultipleInstances>
    <Mandatory>Optional</Mandatory><Type>Quaternion</Type></Item>
  <Item ID="65535"><Name>Too big</Name><Operations>R</Operations><Type>String</Type></Item>
  <Item ID="x"><Name>Not a number</Name><Operations>R</Operations><Type>String</Type></Item>
  <Item ID="2"><Name>Duplicate</Name><Operations>R</Operations><Type>String</Type></Item>`;

describe('objectsFromXml', () => {
  const { objects, warnings } = objectsFromXml(doc('40000', '1.1', ITEMS), 'odd.xml');
  const object = objects[0]!;

  it('reads object facts with whitespace collapsed and trimmed', () => {
    expect(objects).toHaveLength(1);
    expect(object).toMatchObject({
      id: 40000,
      name: 'Odd Object',
      urn: 'urn:oma:lwm2m:x:40000:1.1',
      version: '1.1',
      lwm2mVersion: '1.1',
      multiple: true,
      mandatory: false,
    });
    expect(JSON.stringify([...object.resources.values()])).not.toContain('prose');
  });

  it('treats whitespace-only range and units as absent and maps spaced type names', () => {
    expect(object.resources.get(0)).toEqual({
      id: 0,
      name: 'Value',
      operations: 'RW',
      multiple: false,
      mandatory: true,
      type: 'unsigned',
    });
  });

  it('maps an empty Type to none and decodes character references', () => {
    expect(object.resources.get(1)).toMatchObject({ operations: 'E', type: 'none' });
    expect(object.resources.get(2)).toMatchObject({ range: '<7 to >12.5', units: 'Cel', multiple: true, type: 'float' });
  });

  it('defaults missing flags to Single and Optional and normalises WR to RW', () => {
    expect(object.resources.get(3)).toEqual({
      id: 3,
      name: 'No range element',
      operations: 'RW',
      multiple: false,
      mandatory: false,
      type: 'string',
    });
  });

  it('keeps a resource with unknown operations or type as none and warns', () => {
    expect(object.resources.get(4)).toMatchObject({ operations: '', type: 'none' });
    expect(warnings).toContain('odd.xml: object 40000: resource 4: unknown Operations "RWX", treated as none');
    expect(warnings).toContain('odd.xml: object 40000: resource 4: unknown Type "Quaternion", treated as none');
  });

  it('skips resources with ids outside 0..65534 and keeps the first of duplicate ids', () => {
    expect([...object.resources.keys()]).toEqual([0, 1, 2, 3, 4]);
    expect(object.resources.get(2)?.name).toBe('Limits');
    expect(warnings.filter((w) => w.includes('skipped resource'))).toHaveLength(2);
    expect(warnings.some((w) => w.includes('resource 2 defined twice'))).toBe(true);
  });

  it('accepts objects whose Resources list is empty or self-closing', () => {
    expect(objectsFromXml(doc('40001', '1.0', ''), 'a.xml').objects[0]?.resources.size).toBe(0);
    const selfClosing = doc('40002', '1.0', '').replace('<Resources></Resources>', '<Resources/>');
    expect(objectsFromXml(selfClosing, 'b.xml').objects[0]?.resources.size).toBe(0);
  });

  it('defaults missing versions to 1.0 and derives a URN when none is given', () => {
    const xml = doc('3', '1.0', '').replace(/<ObjectURN>.*<\/ObjectURN>|<LWM2MVersion>.*<\/LWM2MVersion>|<ObjectVersion>.*<\/ObjectVersion>/g, '');
    const result = objectsFromXml(xml, 'c.xml');
    expect(result.objects[0]).toMatchObject({ urn: 'urn:oma:lwm2m:oma:3', version: '1.0', lwm2mVersion: '1.0' });
    expect(result.warnings).toEqual(['c.xml: object 3: no ObjectURN, using urn:oma:lwm2m:oma:3']);
  });

  it('skips common-resource definitions and objects without a usable id', () => {
    const common = '<LWM2M><Object ObjectType="CommonResources"><Resources><Item ID="1"/></Resources></Object></LWM2M>';
    expect(objectsFromXml(common, 'Common.xml')).toEqual({
      objects: [],
      warnings: ['Common.xml: skipped <Object ObjectType="CommonResources"> (not an object definition)'],
    });
    expect(objectsFromXml(doc('-1', '1.0', ''), 'n.xml').objects).toEqual([]);
    expect(objectsFromXml(doc('70000', '1.0', ''), 'n.xml').objects).toEqual([]);
  });

  it('rejects documents that are not LwM2M object definitions with FARSIDE_ERR_INVALID_INPUT', () => {
    expect(() => objectsFromXml('<DDFList><Item/></DDFList>', 'DDF.xml')).toThrow(/DDF.xml: not an LwM2M object definition/);
    expect(() => objectsFromXml('<LWM2M><Object>', 'cut.xml')).toThrow(/cut.xml: malformed XML/);
  });
});

describe('collectObjects', () => {
  it('keeps the highest object version of a duplicated id, logs the other, and sorts by id', () => {
    const { objects, log } = collectObjects([
      { name: 'b.xml', text: doc('40000', '1.10', '') },
      { name: 'a.xml', text: doc('40000', '1.2', '') },
      { name: 'c.xml', text: doc('5', '1.0', '') },
      { name: 'DDF.xml', text: '<DDFList/>' },
    ]);
    expect(objects.map((o) => [o.id, o.version])).toEqual([
      [5, '1.0'],
      [40000, '1.10'],
    ]);
    expect(log).toContain('object 40000: kept version 1.10 from b.xml, skipped version 1.2 from a.xml');
    expect(log.some((l) => l.startsWith('skipped file: DDF.xml'))).toBe(true);
  });

  it('resolves equal versions to the file whose name sorts first, whatever the input order', () => {
    const files = [
      { name: 'z.xml', text: doc('40000', '1.0', '').replace('Odd', 'Zed') },
      { name: 'm.xml', text: doc('40000', '1.0', '').replace('Odd', 'Em') },
    ];
    expect(collectObjects(files).objects[0]?.name).toBe('Em Object');
    expect(collectObjects(files.reverse()).objects[0]?.name).toBe('Em Object');
  });

  it('compares versions numerically', () => {
    expect(compareVersions('1.10', '1.2')).toBeGreaterThan(0);
    expect(compareVersions('2.0', '2')).toBe(0);
    expect(compareVersions('1.0', '1.1')).toBeLessThan(0);
  });
});

describe('objectsFromXml under random and mutated input', () => {
  it('returns objects or throws FARSIDE_ERR_INVALID_INPUT for 10,000 inputs', () => {
    const base = doc('40000', '1.1', ITEMS);
    const alphabet = '<>/&;#"\'= \n![]CDATA-?xItemIDName0123456789__proto__constructor';
    const safe = 'abcXYZ019 .,-_\u00a0\t\n';
    const elements = [...base.matchAll(/>([^<]*)</g)];
    fuzzDecoder({
      seed: 0x5eed,
      runs: 10_000,
      input: (rng, round) =>
        inTurn(round, [
          () => truncate(rng, base),
          () => editText(rng, base, alphabet, 1 + rng.int(4), 6),
          () => {
            const from = rng.int(base.length);
            return base.slice(0, from) + base.slice(from + rng.int(200));
          },
          () => doc(String(rng.int(70000)), randomText(rng, 3, alphabet), randomText(rng, rng.int(60), alphabet), randomText(rng, rng.int(30), alphabet)),
          () => randomText(rng, rng.int(300), alphabet),
          () => {
            // Well-formed but odd content: element texts replaced by random safe text.
            let input = base;
            for (let k = 1 + rng.int(8); k > 0; k--) input = input.replace(rng.pick(elements)[0], `>${randomText(rng, rng.int(12), safe)}<`);
            return input;
          },
        ]),
      decoders: { objectsFromXml: (xml) => objectsFromXml(xml, 'fuzz.xml') },
      check: (result) => expect(Array.isArray(result.objects)).toBe(true),
      decodesMoreThan: 1000,
    });
  });
});
