import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  EMBSERVE_PLATFORM,
  copy,
  addToIndex,
  packEmbServeArtifact,
  storePacked,
  parseManifest,
  understandArtifact,
  type ImageIndex,
  type OciTarget,
  type Platform,
  type ProgressListener,
  modelProvenanceAnnotations,
} from '../../oci/index.js';
import { DEFAULT_STORE, targetFor, type RegistryCliOptions } from '../oci-targets.js';
import { progressLine } from '../progress.js';

const print = (value: unknown): void => void process.stdout.write(JSON.stringify(value, null, 2) + '\n');

function withRegistryOptions(command: Command): Command {
  return command
    .option('--plain-http', 'talk HTTP, not HTTPS, to the registry (local registries)')
    .option('--insecure', 'do not verify the registry\'s TLS certificate')
    .option('--docker-config <path>', 'credentials from this docker config.json (default ~/.docker/config.json)')
    .option('--username <user>', 'log in as this user; the password comes from FARSIDE_REGISTRY_PASSWORD');
}

function parsePlatform(text: string): Platform {
  const [os, architecture, variant] = text.split('/');
  if (!os || !architecture) throw new Error(`platform "${text}" must look like os/arch[/variant], e.g. zephyr/arm/v7`);
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Byte progress over all blobs of a transfer, on one terminal line. */
function transferProgress(label: string): { onProgress: ProgressListener; done(): void } {
  const line = progressLine(label);
  const blobs = new Map<string, { done: number; total: number }>();
  return {
    onProgress: ({ digest, done, total }) => {
      blobs.set(digest, { done, total });
      let sum = 0;
      let all = 0;
      for (const b of blobs.values()) {
        sum += b.done;
        all += b.total;
      }
      line.update(sum, Math.max(all, 1));
    },
    done: () => line.done(),
  };
}

async function existingIndex(target: OciTarget, reference: string): Promise<ImageIndex | undefined> {
  try {
    const descriptor = await target.resolve(reference);
    const parsed = parseManifest(await target.fetchManifest(descriptor));
    return parsed.kind === 'index' ? parsed.index : undefined;
  } catch {
    return undefined;
  }
}

interface PackOptions extends RegistryCliOptions {
  readonly model?: string;
  readonly modelName?: string;
  readonly modelVersion?: string;
  readonly sourceRun?: string;
  readonly index?: boolean;
  readonly annotation: string[];
}

export function registerOciCommands(program: Command): void {
  withRegistryOptions(
    program
      .command('pack')
      .description('package a service.json (and optionally a .tflite model) as an embServe OCI artifact, as `oras push` would')
      .argument('<service.json>', 'the embServe service description (FITA format)')
      .argument('<target>', `where to put it: oci-layout:<dir>:<tag> (e.g. oci-layout:${DEFAULT_STORE}:temp-1.0) or a registry reference`)
      .option('--model <file.tflite>', 'embed a TinyML model as a second layer')
      .option('--model-name <name>', 'provenance: the model\'s name (annotation io.farside.model.name); needs --model')
      .option('--model-version <version>', 'provenance: the model\'s version (io.farside.model.version, org.opencontainers.image.version); needs --model')
      .option('--source-run <url-or-id>', 'provenance: the training run that produced the model (io.farside.model.source-run; a URL also goes to org.opencontainers.image.source); needs --model')
      .option('--index', 'add it as the zephyr/arm/v7 entry of the image index at <target>, keeping linux entries')
      .option('--annotation <key=value>', 'manifest annotation (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[]),
  ).action(async (servicePath: string, targetText: string, options: PackOptions) => {
    const annotations = Object.fromEntries(
      options.annotation.map((a) => {
        const eq = a.indexOf('=');
        if (eq <= 0) throw new Error(`annotation "${a}" must be key=value`);
        return [a.slice(0, eq), a.slice(eq + 1)];
      }),
    );
    const provenance = { name: options.modelName, version: options.modelVersion, sourceRun: options.sourceRun };
    if (options.model === undefined && Object.values(provenance).some((v) => v !== undefined)) throw new Error('--model-name, --model-version and --source-run describe a model: give it with --model');
    const model = options.model ? { bytes: await readFile(options.model), name: basename(options.model) } : undefined;
    // The model's digest is always recorded with a model; explicit --annotation values win.
    const packed = packEmbServeArtifact({
      service: await readFile(servicePath),
      model,
      annotations: model === undefined ? annotations : { ...modelProvenanceAnnotations(provenance, model.bytes), ...annotations },
    });
    const { target, reference } = await targetFor(targetText, options, { create: true });
    const progress = transferProgress(`writing ${targetText}`);
    const tag = reference.startsWith('sha256:') ? undefined : reference;
    // With --index the manifest goes in untagged: the tag moves to the index.
    await storePacked(target, packed, options.index ? undefined : tag, { onProgress: progress.onProgress });
    if (options.index) {
      const index = addToIndex(await existingIndex(target, reference), packed.manifest.descriptor, EMBSERVE_PLATFORM);
      await target.pushManifest(index.descriptor, index.bytes, tag);
      progress.done();
      print({ reference: targetText, index: index.descriptor, manifest: packed.manifest.descriptor });
      return;
    }
    progress.done();
    print({ reference: targetText, manifest: packed.manifest.descriptor, service: packed.service.name, version: packed.service.version });
  });

  withRegistryOptions(
    program
      .command('push')
      .description('copy an artifact (and its blobs) from one store to another, e.g. from the local layout to a registry')
      .argument('<source>', `e.g. oci-layout:${DEFAULT_STORE}:temp-1.0`)
      .argument('<destination>', 'e.g. registry.example.com/edge/temp:1.0')
      .option('--platform <os/arch[/variant]>', 'copy only this platform of an index'),
  ).action(async (source: string, destination: string, options: RegistryCliOptions & { platform?: string }) => {
    await transfer(source, destination, options);
  });

  withRegistryOptions(
    program
      .command('pull')
      .description('fetch an artifact into an image-layout store, verifying every digest')
      .argument('<reference>', 'registry reference or oci-layout:<dir>:<tag>')
      .argument('[destination]', `image layout to write to (default oci-layout:${DEFAULT_STORE}:<tag>)`)
      .option('--platform <os/arch[/variant]>', 'the platform to pick from an index', 'zephyr/arm/v7'),
  ).action(async (source: string, destination: string | undefined, options: RegistryCliOptions & { platform?: string }) => {
    const tag = source.includes('@') ? 'latest' : (source.match(/:([\w][\w.-]{0,127})$/)?.[1] ?? 'latest');
    await transfer(source, destination ?? `oci-layout:${DEFAULT_STORE}:${tag}`, options);
  });

  withRegistryOptions(
    program
      .command('inspect')
      .description('show what a reference holds: manifest or index, platforms, artifact kind, layers')
      .argument('<reference>', 'registry reference or oci-layout:<dir>:<tag>'),
  ).action(async (text: string, options: RegistryCliOptions) => {
    const { target, reference } = await targetFor(text, options, { create: false });
    const descriptor = await target.resolve(reference);
    const parsed = parseManifest(await target.fetchManifest(descriptor));
    if (parsed.kind === 'index') {
      print({ reference: text, descriptor, kind: 'index', manifests: parsed.index.manifests.map((m) => ({ digest: m.digest, mediaType: m.mediaType, size: m.size, platform: m.platform })) });
      return;
    }
    const understood = understandArtifact(parsed.manifest);
    print({ reference: text, descriptor, ...understood, config: parsed.manifest.config, layers: parsed.manifest.layers, annotations: parsed.manifest.annotations });
  });
}

async function transfer(source: string, destination: string, options: RegistryCliOptions & { platform?: string }): Promise<void> {
  const src = await targetFor(source, options, { create: false });
  // Resolve first: a missing source must not leave an empty store behind.
  await src.target.resolve(src.reference);
  const dst = await targetFor(destination, options, { create: true });
  const progress = transferProgress(`${source} → ${destination}`);
  const tag = dst.reference.startsWith('sha256:') ? undefined : dst.reference;
  const result = await copy(src.target, dst.target, src.reference, {
    tag,
    platform: options.platform ? parsePlatform(options.platform) : undefined,
    onProgress: progress.onProgress,
  });
  progress.done();
  print({ source, destination, descriptor: result.descriptor, copiedBlobs: result.copiedBlobs, skippedBlobs: result.skippedBlobs });
}
