import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { invalidInput } from '../../errors/index.js';
import { isDigest, verifyDigest, type Digest } from '../digest.js';
import { descriptorSchema, parseManifest, type Descriptor, type ImageIndex } from '../manifest.js';
import { MAX_MANIFEST_BYTES, MEDIA_TYPE } from '../media-types.js';
import type { OciTarget, TransferOptions } from '../target.js';
import { createFileAtomic, writeFileAtomic } from './atomic-write.js';
import { serializeByDirectory } from './directory-lock.js';
import { errorFromFileSystem, notFound, throwIfAborted } from './layout-errors.js';
import { IMAGE_LAYOUT_VERSION, LAYOUT_FILE, blobPath } from './layout-files.js';
import { EMPTY_LAYOUT_INDEX, encodeLayoutIndex, findTagged, isTag, parseLayoutIndex, parseLayoutMarker, tagsOf, withTag } from './layout-index.js';

export interface LayoutOpenOptions {
  /** Make the directory, `oci-layout`, `index.json` and `blobs/` when missing. Default false. */
  readonly create?: boolean;
}

function checkedDescriptor(descriptor: Descriptor): Descriptor {
  const parsed = descriptorSchema.safeParse(descriptor);
  if (!parsed.success) throw invalidInput(`invalid descriptor: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Only what identifies content; a ref.name annotation means nothing outside index.json. */
function plainDescriptor(entry: Descriptor): Descriptor {
  return {
    mediaType: entry.mediaType,
    digest: entry.digest,
    size: entry.size,
    ...(entry.artifactType === undefined ? {} : { artifactType: entry.artifactType }),
  };
}

/**
 * An OCI image-layout directory (image-spec v1.1.0 image-layout.md) as an OciTarget.
 * Blobs are written to a temporary sibling and renamed into place, index.json is
 * replaced the same way, and every read checks size and digest. index.json is read
 * afresh on every resolve, so tags written by another process are seen.
 */
export class LayoutTarget implements OciTarget {
  readonly root: string;

  /** No I/O; use `LayoutTarget.open` to check (or create) the layout first. */
  constructor(root: string) {
    this.root = resolvePath(root);
  }

  /** Opens a layout: NOT_FOUND if the directory is missing (unless `create`), INVALID_INPUT if it is not a layout. */
  static async open(root: string, options: LayoutOpenOptions = {}): Promise<LayoutTarget> {
    const target = new LayoutTarget(root);
    await target.checkLayout(options.create ?? false);
    return target;
  }

  async resolve(reference: string, options: TransferOptions = {}): Promise<Descriptor> {
    throwIfAborted(options.signal);
    if (typeof reference !== 'string' || reference === '') throw invalidInput('empty reference');
    const index = await this.readIndex();
    if (isDigest(reference)) {
      const entry = index.manifests.find((candidate) => candidate.digest === reference);
      return entry ? plainDescriptor(entry) : this.describeUntracked(reference);
    }
    const tagged = findTagged(index, reference);
    if (!tagged) throw notFound(`tag "${reference}" is not in ${join(this.root, LAYOUT_FILE.INDEX)}`);
    return plainDescriptor(tagged);
  }

  async fetchManifest(descriptor: Descriptor, options: TransferOptions = {}): Promise<Uint8Array> {
    const checked = checkedDescriptor(descriptor);
    if (checked.size > MAX_MANIFEST_BYTES) throw invalidInput(`manifest ${checked.digest} of ${checked.size} bytes is over the ${MAX_MANIFEST_BYTES}-byte limit`);
    return this.readVerified(checked, options);
  }

  async fetchBlob(descriptor: Descriptor, options: TransferOptions = {}): Promise<Uint8Array> {
    return this.readVerified(checkedDescriptor(descriptor), options);
  }

  /** True when a file of the described size is there; a wrong-sized file counts as absent so a copy repairs it. */
  async hasBlob(descriptor: Descriptor, options: TransferOptions = {}): Promise<boolean> {
    throwIfAborted(options.signal);
    const checked = checkedDescriptor(descriptor);
    try {
      const info = await stat(blobPath(this.root, checked.digest));
      return info.isFile() && info.size === checked.size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw errorFromFileSystem(err, `blob ${checked.digest}`);
    }
  }

  async pushBlob(descriptor: Descriptor, data: Uint8Array, options: TransferOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const checked = checkedDescriptor(descriptor);
    verifyDigest(data, checked.digest, checked.size);
    await this.storeBlob(checked, data);
    options.onProgress?.({ digest: checked.digest, done: data.length, total: data.length });
  }

  async pushManifest(descriptor: Descriptor, bytes: Uint8Array, tag?: string, options: TransferOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    const checked = checkedDescriptor(descriptor);
    if (tag !== undefined && !isTag(tag)) throw invalidInput(`"${tag}" is not a tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127})`);
    verifyDigest(bytes, checked.digest, checked.size);
    parseManifest(bytes);
    await this.storeBlob(checked, bytes);
    if (tag !== undefined) await this.updateIndex((index) => withTag(index, checked, tag));
    options.onProgress?.({ digest: checked.digest, done: bytes.length, total: bytes.length });
  }

  /** The tags index.json names, in index order. */
  async tags(): Promise<string[]> {
    return tagsOf(await this.readIndex());
  }

  private async checkLayout(create: boolean): Promise<void> {
    try {
      const info = await stat(this.root);
      if (!info.isDirectory()) throw invalidInput(`${this.root} is not a directory`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw errorFromFileSystem(err, this.root);
      if (!create) throw notFound(`no image layout at ${this.root}`);
    }
    if (create) await this.initialize();
    parseLayoutMarker(await this.readLayoutFile(LAYOUT_FILE.MARKER));
    await this.readIndex();
  }

  private async initialize(): Promise<void> {
    const encoder = new TextEncoder();
    try {
      await mkdir(join(this.root, LAYOUT_FILE.BLOBS), { recursive: true });
      await createFileAtomic(join(this.root, LAYOUT_FILE.MARKER), encoder.encode(JSON.stringify({ imageLayoutVersion: IMAGE_LAYOUT_VERSION })));
      await createFileAtomic(join(this.root, LAYOUT_FILE.INDEX), encodeLayoutIndex(EMPTY_LAYOUT_INDEX));
    } catch (err) {
      throw errorFromFileSystem(err, `creating an image layout at ${this.root}`);
    }
  }

  /** A missing marker or index.json means the directory is not (or no longer) a layout. */
  private async readLayoutFile(name: string): Promise<Uint8Array> {
    const path = join(this.root, name);
    try {
      return await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw invalidInput(`${path} is missing: not an OCI image layout`, err);
      throw errorFromFileSystem(err, path);
    }
  }

  private async readIndex(): Promise<ImageIndex> {
    return parseLayoutIndex(await this.readLayoutFile(LAYOUT_FILE.INDEX));
  }

  private async updateIndex(change: (index: ImageIndex) => ImageIndex): Promise<void> {
    const path = join(this.root, LAYOUT_FILE.INDEX);
    await serializeByDirectory(this.root, async () => {
      const next = change(await this.readIndex());
      try {
        await writeFileAtomic(path, encodeLayoutIndex(next));
      } catch (err) {
        throw errorFromFileSystem(err, path);
      }
    });
  }

  /** A manifest stored by digest but not listed in index.json (e.g. an index's child). */
  private async describeUntracked(digest: Digest): Promise<Descriptor> {
    let bytes: Uint8Array;
    try {
      const path = blobPath(this.root, digest);
      const info = await stat(path);
      if (info.size > MAX_MANIFEST_BYTES) throw invalidInput(`${digest} is ${info.size} bytes, too large for a manifest`);
      bytes = await readFile(path);
    } catch (err) {
      throw errorFromFileSystem(err, `manifest ${digest}`);
    }
    verifyDigest(bytes, digest);
    const parsed = parseManifest(bytes);
    const declared = parsed.kind === 'index' ? parsed.index.mediaType : parsed.manifest.mediaType;
    const mediaType = declared ?? (parsed.kind === 'index' ? MEDIA_TYPE.OCI_INDEX : MEDIA_TYPE.OCI_MANIFEST);
    return { mediaType, digest, size: bytes.length };
  }

  private async readVerified(descriptor: Descriptor, options: TransferOptions): Promise<Uint8Array> {
    throwIfAborted(options.signal);
    const path = blobPath(this.root, descriptor.digest);
    let data: Uint8Array;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw invalidInput(`${path} is not a file: corrupt image layout`);
      // Checked before reading so a wrong (possibly huge) file is never loaded.
      if (info.size !== descriptor.size) throw invalidInput(`blob ${descriptor.digest} has ${info.size} bytes on disk, the descriptor says ${descriptor.size}`);
      const buffer = await readFile(path);
      // A plain Uint8Array view, like what other targets return.
      data = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (err) {
      throw errorFromFileSystem(err, `blob ${descriptor.digest}`);
    }
    verifyDigest(data, descriptor.digest, descriptor.size);
    options.onProgress?.({ digest: descriptor.digest, done: data.length, total: data.length });
    return data;
  }

  /** Content-addressed: a file of the right size already there is the same content. */
  private async storeBlob(descriptor: Descriptor, data: Uint8Array): Promise<void> {
    if (await this.hasBlob(descriptor)) return;
    const path = blobPath(this.root, descriptor.digest);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, data);
    } catch (err) {
      throw errorFromFileSystem(err, `writing blob ${descriptor.digest}`);
    }
  }
}
