import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/index.js';
import { readStaticPods } from './static-pod-manifests.js';

const pod = (name: string, image = 'oci-layout:/s:t') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeName: farside-dev\n  containers:\n    - name: main\n      image: ${image}\n`;

describe('readStaticPods', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'farside-manifests-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads every pod of every YAML and JSON file, in the default namespace unless one is named', async () => {
    await writeFile(join(dir, 'a.yaml'), `${pod('one')}---\n${pod('two').replace('name: two', 'name: two\n  namespace: edge')}`);
    await writeFile(join(dir, 'b.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'three' }, spec: { containers: [{ name: 'c', image: 'x' }] } }));
    await writeFile(join(dir, 'notes.txt'), 'not a manifest');
    const scan = await readStaticPods(dir);
    expect(scan.problems).toEqual([]);
    expect(scan.pods.map((p) => `${p.pod.metadata?.namespace}/${p.pod.metadata?.name}`)).toEqual(['default/one', 'edge/two', 'default/three']);
  });

  it('gives a changed manifest a new hash and uid, and an unchanged one the same', async () => {
    await writeFile(join(dir, 'a.yaml'), pod('one'));
    const before = (await readStaticPods(dir)).pods[0];
    expect((await readStaticPods(dir)).pods[0]?.pod.metadata?.uid).toBe(before?.pod.metadata?.uid);
    await writeFile(join(dir, 'a.yaml'), pod('one', 'oci-layout:/s:v2'));
    expect((await readStaticPods(dir)).pods[0]?.hash).not.toBe(before?.hash);
  });

  it('reports bad files and a pod defined twice, and keeps the good ones', async () => {
    await writeFile(join(dir, 'a.yaml'), pod('one'));
    await writeFile(join(dir, 'b.yaml'), pod('one'));
    await writeFile(join(dir, 'c.yaml'), 'kind: Pod\n  bad: [indent');
    await writeFile(join(dir, 'd.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Not_A_Name\nspec:\n  containers: []\n');
    const scan = await readStaticPods(dir);
    expect(scan.pods.map((p) => p.pod.metadata?.name)).toEqual(['one']);
    expect(scan.problems.map((p) => [p.file.slice(dir.length + 1), p.message])).toEqual([
      ['b.yaml', expect.stringMatching(/already defined by an earlier file/)],
      ['c.yaml', expect.stringMatching(/is not valid YAML/)],
      ['d.yaml', expect.stringMatching(/is not a static pod: metadata\.name/)],
    ]);
  });

  it('refuses a directory that cannot be read', async () => {
    await expect(readStaticPods(join(dir, 'absent'))).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
  });
});
