import { invalidInput } from '../errors.js';
import type { LwM2mNode, LwM2mObject, ObjectInstance, Resource } from '../node.js';
import { formatPath, type LwM2mPath } from '../path.js';
import { concatBytes, writeTlvEntry } from './tlv-entry.js';
import { tlvFromValue } from './tlv-values.js';

/**
 * A node tree to TLV bytes. The node's own types decide the value encodings; the request
 * path decides the outer shape: an object is a run of object-instance entries, an
 * instance is its bare resource entries (as in the Core §7.4.3 examples), a resource or
 * resource instance is one entry.
 */

function resourceToTlv(instancePath: readonly [number, number], resource: Resource): Uint8Array {
  const where = formatPath([...instancePath, resource.id]);
  if (resource.kind === 'single') {
    return writeTlvEntry('resourceValue', resource.id, tlvFromValue(resource.type, resource.value, where));
  }
  const instances = [...resource.instances].map(([id, value]) =>
    writeTlvEntry('resourceInstance', id, tlvFromValue(resource.type, value, `${where}/${id}`)),
  );
  return writeTlvEntry('multipleResource', resource.id, concatBytes(instances));
}

function resourcesToTlv(objectId: number, instance: ObjectInstance): Uint8Array {
  return concatBytes([...instance.resources.values()].map((resource) => resourceToTlv([objectId, instance.id], resource)));
}

function objectToTlv(object: LwM2mObject): Uint8Array {
  return concatBytes([...object.instances.values()].map((instance) => writeTlvEntry('objectInstance', instance.id, resourcesToTlv(object.id, instance))));
}

function mismatch(path: LwM2mPath, node: LwM2mNode): never {
  throw invalidInput(`TLV cannot encode a ${node.kind} node with id ${node.id} at ${formatPath(path)}`);
}

export function tlvFromNode(path: LwM2mPath, node: LwM2mNode): Uint8Array {
  switch (path.length) {
    case 0:
      throw invalidInput('TLV cannot carry the root path /');
    case 1:
      if (node.kind !== 'object' || node.id !== path[0]) mismatch(path, node);
      return objectToTlv(node);
    case 2:
      if (node.kind !== 'instance' || node.id !== path[1]) mismatch(path, node);
      return resourcesToTlv(path[0], node);
    case 3:
      if ((node.kind !== 'single' && node.kind !== 'multiple') || node.id !== path[2]) mismatch(path, node);
      return resourceToTlv([path[0], path[1]], node);
    case 4: {
      if (node.kind !== 'resourceInstance' || node.id !== path[3]) mismatch(path, node);
      const value = tlvFromValue(node.type, node.value, formatPath(path));
      return writeTlvEntry('resourceInstance', node.id, value);
    }
  }
}
