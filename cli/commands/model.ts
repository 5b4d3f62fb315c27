import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { invalidInput } from '../../errors/index.js';
import { loadModel } from '../../firmware-sim/index.js';
import { embServeFromModelPack, findTfliteWeight, parseManifest, storePacked, tfliteFromWeight, understandArtifact, type ImageManifest, type OciTarget } from '../../oci/index.js';
import { targetFor, type RegistryCliOptions } from '../oci-targets.js';

interface ImportOptions extends RegistryCliOptions {
  readonly runner: string;
  readonly modelName?: string;
  readonly modelVersion?: string;
  readonly sourceRun?: string;
}

/** Arenas are declared in whole multiples of this, bytes, as examples/workloads/build.ts does (TFLM aligns tensors to 16). */
const ARENA_ROUNDING_BYTES = 256;

const print = (value: unknown): void => void process.stdout.write(JSON.stringify(value, null, 2) + '\n');

async function manifestAt(target: OciTarget, reference: string, label: string): Promise<{ manifest: ImageManifest; digest: string }> {
  const descriptor = await target.resolve(reference);
  const parsed = parseManifest(await target.fetchManifest(descriptor));
  if (parsed.kind !== 'manifest') throw invalidInput(`${label} is an image index; name the ModelPack manifest itself (by tag or digest)`);
  return { manifest: parsed.manifest, digest: descriptor.digest };
}

/** The runner's service.json: a file, or the service layer of an embServe artifact. */
async function runnerService(text: string, options: RegistryCliOptions): Promise<Uint8Array> {
  const isFile = !text.startsWith('oci-layout:') && (await stat(text).then((s) => s.isFile(), () => false));
  if (isFile) return readFile(text);
  const { target, reference } = await targetFor(text, options, { create: false });
  const { manifest } = await manifestAt(target, reference, text);
  const understood = understandArtifact(manifest);
  if (understood.kind !== 'embserve' || understood.service === undefined) throw invalidInput(`the runner ${text} is an OCI ${understood.kind}, not an embServe workload`);
  return target.fetchBlob(understood.service);
}

/**
 * `farside model import <modelpack-ref> <target> --runner <service.json | embServe-ref>`: one
 * ModelPack (modctl, KitOps) whose weight is a .tflite becomes an embServe workload, so the
 * model trained once reaches GPU nodes as the ModelPack and microcontrollers as this artifact.
 */
export function registerModelCommand(program: Command): void {
  const model = program.command('model').description('bring trained models (CNCF ModelPack artifacts) to devices');
  model
    .command('import')
    .description('turn a ModelPack whose weight is a .tflite into an embServe workload: check the model, pack it with a runner service, push it')
    .argument('<modelpack-ref>', 'the ModelPack: a registry reference or oci-layout:<dir>:<tag>')
    .argument('<target>', 'where the embServe artifact goes: a registry reference or oci-layout:<dir>:<tag>')
    .requiredOption('--runner <service.json|embServe-ref>', 'the TinyML runner service that feeds the model (e.g. examples/workloads/dist/keyword-spotter.service.json)')
    .option('--model-name <name>', 'provenance: the model\'s name (default: from the ModelPack\'s weight file)')
    .option('--model-version <version>', 'provenance: the model\'s version (default: the ModelPack\'s org.opencontainers.image.version, if any)')
    .option('--source-run <url-or-id>', 'provenance: the training run (default: the ModelPack\'s org.opencontainers.image.source, if any)')
    .option('--plain-http', 'talk HTTP, not HTTPS, to the registries (local registries)')
    .option('--insecure', "do not verify the registries' TLS certificates")
    .option('--docker-config <path>', 'credentials from this docker config.json (default ~/.docker/config.json)')
    .option('--username <user>', 'log in as this user; the password comes from FARSIDE_REGISTRY_PASSWORD')
    .addHelpText('after', '\nExample:\n  farside model import registry.example.com/models/kws:1.2.0 oci-layout:.farside/store:kws-1.2.0 \\\n    --runner examples/workloads/dist/keyword-spotter.service.json')
    .action(async (sourceText: string, targetText: string, options: ImportOptions) => {
      const source = await targetFor(sourceText, options, { create: false });
      const { manifest, digest } = await manifestAt(source.target, source.reference, sourceText);
      const weight = findTfliteWeight(manifest);
      const file = await tfliteFromWeight(weight, await source.target.fetchBlob(weight));
      // The simulator's interpreter is the reference for what a device can run: a model it cannot load is refused here.
      let arenaBytes: number;
      try {
        arenaBytes = loadModel(file.bytes).arenaBytes;
      } catch (err) {
        throw invalidInput(`${file.name} from ${sourceText} cannot run on a device: ${(err as Error).message}`, err);
      }
      const runner = await runnerService(options.runner, options);
      const annotations = manifest.annotations ?? {};
      const packed = embServeFromModelPack({
        modelBytes: file.bytes,
        modelName: file.name,
        runnerService: runner,
        tensorArenaSize: Math.ceil(arenaBytes / ARENA_ROUNDING_BYTES) * ARENA_ROUNDING_BYTES,
        modelPack: { digest, reference: sourceText },
        provenance: {
          name: options.modelName ?? file.name.replace(/\.tflite$/i, ''),
          version: options.modelVersion ?? annotations['org.opencontainers.image.version'],
          sourceRun: options.sourceRun ?? annotations['org.opencontainers.image.source'],
        },
      });
      const destination = await targetFor(targetText, options, { create: true });
      await storePacked(destination.target, packed, destination.reference.startsWith('sha256:') ? undefined : destination.reference);
      print({
        modelPack: { reference: sourceText, digest, weight: { mediaType: weight.mediaType, digest: weight.digest, file: file.name } },
        model: { bytes: file.bytes.length, tensorArenaBytes: arenaBytes },
        runner: packed.service.name,
        reference: targetText,
        manifest: packed.manifest.descriptor,
      });
    });
}
