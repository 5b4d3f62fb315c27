import type { Descriptor, ImageIndex, ImageManifest, Platform } from '../manifest.js';
import { goArray, goInt, goQuote, goStruct, omitEmptyMap, omitEmptyString, omitEmptyStrings } from './go-json.js';

/*
 * The image-spec v1.1 Go types (github.com/opencontainers/image-spec/specs-go/v1) as
 * encoding/json writes them. Field order and `omitempty` follow the struct tags:
 *   Descriptor{mediaType, digest, size, urls?, annotations?, data?, platform?, artifactType?}
 *   Platform{architecture, os, os.version?, os.features?, variant?}
 *   Manifest{schemaVersion, mediaType?, artifactType?, config, layers, subject?, annotations?}
 *   Index{schemaVersion, mediaType?, artifactType?, manifests, subject?, annotations?}
 * (`layers` and `manifests` have no omitempty: an empty list is written as []).
 */

export function encodePlatform(platform: Platform): string {
  return goStruct([
    ['architecture', goQuote(platform.architecture)],
    ['os', goQuote(platform.os)],
    ['os.version', omitEmptyString(platform['os.version'])],
    ['os.features', omitEmptyStrings(platform['os.features'])],
    ['variant', omitEmptyString(platform.variant)],
  ]);
}

export function encodeDescriptor(descriptor: Descriptor): string {
  return goStruct([
    ['mediaType', goQuote(descriptor.mediaType)],
    ['digest', goQuote(descriptor.digest)],
    ['size', goInt(descriptor.size)],
    ['urls', omitEmptyStrings(descriptor.urls)],
    ['annotations', omitEmptyMap(descriptor.annotations)],
    ['data', omitEmptyString(descriptor.data)],
    ['platform', descriptor.platform === undefined ? undefined : encodePlatform(descriptor.platform)],
    ['artifactType', omitEmptyString(descriptor.artifactType)],
  ]);
}

export function encodeImageManifest(manifest: ImageManifest): string {
  return goStruct([
    ['schemaVersion', goInt(manifest.schemaVersion)],
    ['mediaType', omitEmptyString(manifest.mediaType)],
    ['artifactType', omitEmptyString(manifest.artifactType)],
    ['config', encodeDescriptor(manifest.config)],
    ['layers', goArray(manifest.layers.map(encodeDescriptor))],
    ['subject', manifest.subject === undefined ? undefined : encodeDescriptor(manifest.subject)],
    ['annotations', omitEmptyMap(manifest.annotations)],
  ]);
}

export function encodeImageIndex(index: ImageIndex): string {
  return goStruct([
    ['schemaVersion', goInt(index.schemaVersion)],
    ['mediaType', omitEmptyString(index.mediaType)],
    ['artifactType', omitEmptyString(index.artifactType)],
    ['manifests', goArray(index.manifests.map(encodeDescriptor))],
    ['subject', index.subject === undefined ? undefined : encodeDescriptor(index.subject)],
    ['annotations', omitEmptyMap(index.annotations)],
  ]);
}
