import { LayoutTarget, packEmbServeArtifact, storePacked } from '../../oci/index.js';

/** Packs `service` (a service.json object) into the image layout at `dir` under `tag`; returns the image reference pods name. */
export async function storeArtifact(dir: string, tag: string, service: object): Promise<string> {
  const packed = packEmbServeArtifact({ service: new TextEncoder().encode(JSON.stringify(service)), created: new Date(0) });
  await storePacked(await LayoutTarget.open(dir, { create: true }), packed, tag);
  return `oci-layout:${dir}:${tag}`;
}
