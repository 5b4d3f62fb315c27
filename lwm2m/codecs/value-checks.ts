import { invalidInput } from '../errors.js';
import type { ResourceType } from '../model.js';
import type { ResourceValue } from '../node.js';

/** Core Appendix C: Objlnk ids are 16-bit; 65535:65535 is the "null" link, so 65535 is allowed here. */
export const MAX_OBJLNK_ID = 0xffff;

export function isObjlnkId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id <= MAX_OBJLNK_ID;
}

/** Throws FARSIDE_ERR_INVALID_INPUT for a value an encoder cannot write as `type`. */
export function invalidValue(where: string, type: ResourceType, value: ResourceValue): never {
  const shown = typeof value === 'bigint' ? `${value}n` : value instanceof Uint8Array ? `${value.length} bytes` : JSON.stringify(value);
  throw invalidInput(`${where}: ${String(shown)} is not a valid ${type} value`);
}
