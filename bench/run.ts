/**
 * `npm run bench -- <name>`: runs one benchmark; each prints progress on stderr and
 * its figures as one JSON object on the last line of stdout.
 */
const BENCHES: Record<string, () => Promise<unknown>> = {
  registration: () => import('./registration.js').then((m) => m.main()),
  telemetry: () => import('./telemetry.js').then((m) => m.main()),
  oci: () => import('./oci.js').then((m) => m.main()),
  fleet: () => import('./fleet.js').then((m) => m.main()),
  tinyml: () => import('./tinyml.js').then((m) => m.main()),
  deploy: () => import('./deploy.js').then((m) => m.main()),
  nodes: () => import('./nodes.js').then((m) => m.main()),
};

const name = process.argv[2];
if (!name || name === '--help' || name === '-h' || !(name in BENCHES)) {
  process.stderr.write(`usage: npm run bench -- <name>\nbenchmarks: ${Object.keys(BENCHES).join(', ')}\n`);
  process.exit(name === '--help' || name === '-h' ? 0 : 2);
}
await BENCHES[name]!();
