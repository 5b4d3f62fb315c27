/**
 * Checks an object handed to the converter. Registry objects always pass; a
 * device-specific model built by hand or read from a file may not, and then the
 * converter refuses it with FARSIDE_ERR_INVALID_INPUT instead of writing a broken model.
 */
import { invalidInput } from '../../errors/index.js';
import { sdfName } from '../naming.js';
import type { Lwm2mObjectInput, Lwm2mOperations, Lwm2mResourceType } from './lwm2m-input.js';

const RESOURCE_TYPES: ReadonlySet<Lwm2mResourceType> = new Set([
  'string', 'integer', 'unsigned', 'float', 'boolean', 'opaque', 'time', 'objlnk', 'corelnk', 'none',
]);
const OPERATIONS: ReadonlySet<Lwm2mOperations> = new Set(['R', 'W', 'RW', 'E', '']);

/** LwM2M object and resource ids are 16-bit (LwM2M 1.1 Core §7.1). */
const MAX_ID = 65535;

export function checkObjectInput(object: Lwm2mObjectInput): void {
  const where = `object ${String(object?.id)}`;
  if (typeof object !== 'object' || object === null) throw invalidInput('an LwM2M object model is needed');
  checkId(object.id, where);
  checkName(object.name, where);
  for (const field of ['urn', 'version', 'lwm2mVersion'] as const) {
    if (typeof object[field] !== 'string') throw invalidInput(`${where}: ${field} must be a string`);
  }
  if (typeof object.multiple !== 'boolean' || typeof object.mandatory !== 'boolean') {
    throw invalidInput(`${where}: multiple and mandatory must be booleans`);
  }
  if (!(object.resources instanceof Map)) throw invalidInput(`${where}: resources must be a Map`);
  for (const [key, resource] of object.resources) {
    const at = `${where}, resource ${String(key)}`;
    if (typeof resource !== 'object' || resource === null || resource.id !== key) {
      throw invalidInput(`${at}: the resource's id must equal its key`);
    }
    checkId(resource.id, at);
    checkName(resource.name, at);
    if (!RESOURCE_TYPES.has(resource.type)) throw invalidInput(`${at}: unknown type '${String(resource.type)}'`);
    if (!OPERATIONS.has(resource.operations)) throw invalidInput(`${at}: unknown operations '${String(resource.operations)}'`);
    if (typeof resource.multiple !== 'boolean' || typeof resource.mandatory !== 'boolean') {
      throw invalidInput(`${at}: multiple and mandatory must be booleans`);
    }
    for (const field of ['range', 'units'] as const) {
      if (resource[field] !== undefined && typeof resource[field] !== 'string') throw invalidInput(`${at}: ${field} must be a string`);
    }
  }
}

function checkId(id: unknown, where: string): void {
  if (!Number.isInteger(id) || (id as number) < 0 || (id as number) > MAX_ID) {
    throw invalidInput(`${where}: id must be an integer from 0 to ${MAX_ID}`);
  }
}

function checkName(name: unknown, where: string): void {
  if (typeof name !== 'string' || sdfName(name) === '') throw invalidInput(`${where}: the name must not be empty`);
  // RFC 9880 §2.3.3 reserves given names with a colon; a lone surrogate cannot be put in a pointer.
  if (name.includes(':')) throw invalidInput(`${where}: SDF names may not contain ':' ('${name}')`);
  if (/\p{Surrogate}/u.test(name) || /\p{Cc}/u.test(name)) throw invalidInput(`${where}: the name holds a control or unpaired surrogate character`);
}
