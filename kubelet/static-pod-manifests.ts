import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { loadAllYaml, type V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { invalidInput } from '../errors/index.js';
import { DNS1123_SUBDOMAIN } from './node-name.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** A manifest file larger than this is refused, bytes. */
const MAX_MANIFEST_BYTES = 1 << 20;

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).max(63);
const staticPodSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Pod'),
  metadata: z.looseObject({
    name: z.string().regex(DNS1123_SUBDOMAIN).max(253),
    namespace: dnsLabel.optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.looseObject({
    nodeName: z.string().regex(DNS1123_SUBDOMAIN).optional(),
    nodeSelector: z.record(z.string(), z.string()).optional(),
    containers: z.array(z.looseObject({ name: dnsLabel, image: z.string().min(1) })).min(1),
  }),
});

/** A pod read from a manifest file, with what identifies this version of it. */
export interface StaticPodManifest {
  readonly file: string;
  readonly pod: V1Pod;
  /** Changes whenever the manifest's content does: a changed static pod is a new pod. */
  readonly hash: string;
}

/** What reading a directory gave: the pods, and the files that could not be used (with why). */
export interface StaticPodScan {
  readonly pods: readonly StaticPodManifest[];
  readonly problems: readonly { readonly file: string; readonly message: string }[];
}

function podsOfText(file: string, text: string): StaticPodManifest[] {
  let documents: unknown[];
  try {
    documents = extname(file) === '.json' ? [JSON.parse(text) as unknown] : loadAllYaml(text).filter((d: unknown) => d !== null && d !== undefined);
  } catch (error) {
    throw invalidInput(`${file} is not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  return documents.map((document, index) => {
    const parsed = staticPodSchema.safeParse(document);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidInput(`${file}${documents.length > 1 ? ` (document ${index + 1})` : ''} is not a static pod: ${issue?.path.join('.') || 'manifest'}: ${issue?.message ?? 'invalid'}`);
    }
    const pod = parsed.data as unknown as V1Pod;
    const hash = createHash('sha256').update(JSON.stringify(pod)).digest('hex').slice(0, 16);
    const namespace = parsed.data.metadata.namespace ?? 'default';
    return { file, hash, pod: { ...pod, metadata: { ...pod.metadata, namespace, uid: `static-${hash}` } } };
  });
}

/**
 * The static pods of `dir`: every .yaml/.yml/.json file (one or more documents each, each a
 * v1 Pod). A file that cannot be read or is no valid pod is reported and skipped, the others
 * still run; a pod named twice (same namespace/name) is kept once, from the first file by name.
 */
export async function readStaticPods(dir: string): Promise<StaticPodScan> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).filter((name) => MANIFEST_EXTENSIONS.has(extname(name)) && !name.startsWith('.')).sort();
  } catch (error) {
    throw invalidInput(`cannot read the static pod directory ${dir}: ${(error as Error).message}`, error);
  }
  const pods: StaticPodManifest[] = [];
  const problems: { file: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const name of entries) {
    const file = join(dir, name);
    try {
      const bytes = await readFile(file);
      if (bytes.length > MAX_MANIFEST_BYTES) throw invalidInput(`${file} is over ${MAX_MANIFEST_BYTES} bytes`);
      for (const manifest of podsOfText(file, bytes.toString('utf8'))) {
        const key = `${manifest.pod.metadata?.namespace}/${manifest.pod.metadata?.name}`;
        if (seen.has(key)) {
          problems.push({ file, message: `pod ${key} is already defined by an earlier file; this one is ignored` });
          continue;
        }
        seen.add(key);
        pods.push(manifest);
      }
    } catch (error) {
      problems.push({ file, message: (error as Error).message });
    }
  }
  return { pods, problems };
}
