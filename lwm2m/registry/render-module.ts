/**
 * Writes the text of `oma-objects.generated.ts`. Deterministic: the same models give
 * the same bytes, so a regenerated file can be compared with the checked-in one.
 */
import type { ObjectModel } from '../model.js';
import { rowFromObject, type ResourceRow } from './compact-rows.js';

export const GENERATE_COMMAND = 'npm run generate:registry';

const HEADER = `// GENERATED FILE, do not edit. Regenerate with \`${GENERATE_COMMAND}\`
// (npx tsx lwm2m/registry/generate.ts ../shared/lwm2m-registry).
//
// Source: the OMA LwM2M Registry object definitions
// (github.com/OpenMobileAlliance/lwm2m-registry; Copyright Open Mobile Alliance,
// BSD-3-Clause). Only facts are carried over: ids, names, URNs, versions, flags,
// operations, types, ranges and units; no description text.
//
// Row layout (see compact-rows.ts):
//   object   [id, name, urn, objectVersion, lwm2mVersion, flags, resources]
//   resource [id, name, operations, flags, typeCode, range?, units?]
//   flags: 1 = multiple instances, 2 = mandatory
`;

export function renderGeneratedModule(objects: readonly ObjectModel[]): string {
  const lines = [HEADER, "import type { ObjectRow } from './compact-rows.js';", ''];
  lines.push('export const OMA_OBJECT_ROWS: readonly ObjectRow[] = [');
  for (const model of [...objects].sort((a, b) => a.id - b.id)) {
    const [id, name, urn, version, lwm2mVersion, flags, resources] = rowFromObject(model);
    lines.push(`  [${[id, q(name), q(urn), q(version), q(lwm2mVersion), flags].join(',')},[`);
    for (const row of resources) lines.push(`    ${renderResource(row)},`);
    lines.push('  ]],');
  }
  lines.push('];', '');
  return lines.join('\n');
}

function renderResource(row: ResourceRow): string {
  return `[${row.map((v) => (typeof v === 'number' ? String(v) : q(v))).join(',')}]`;
}

const q = (s: string): string => JSON.stringify(s);
