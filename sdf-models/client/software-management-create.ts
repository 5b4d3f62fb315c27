import { ERROR_CODES, invalidInput } from '../../errors/index.js';
import { SDF_RESPONSE_CODE, isSdfSuccess } from '../contract/response-code.js';
import { SoftwareManagementError, errorFromSdfReply } from './software-management-errors.js';
import { workloadLabel, type SoftwareManagementRequests, type WorkloadRef } from './software-management-requests.js';
import { instanceIdFromSdf } from './software-management-status.js';

/** The highest LwM2M instance id; 65535 is reserved (LwM2M 1.1 Core §7.1). */
export const MAX_INSTANCE_ID = 65534;

/**
 * How often a create with an id we picked is tried again after 4.00: another client took
 * that id between our read and our create. Twice more covers a few racing deployers.
 */
const CREATE_ATTEMPTS = 3;

/** The lowest instance id not in `used`. */
export function lowestFreeInstance(used: ReadonlySet<number>): number {
  for (let id = 0; id <= MAX_INSTANCE_ID; id++) if (!used.has(id)) return id;
  throw invalidInput(`no free Software Management instance id: all ${MAX_INSTANCE_ID + 1} are in use`);
}

/**
 * Creates a Software Management instance on `thing`: `wanted`, or the lowest free id. The
 * gateway's 2.01 names no id, so the client must pick it; a wanted id that exists is
 * refused before anything is sent, since taking it over would destroy someone's workload.
 */
export async function createWorkloadInstance(requests: SoftwareManagementRequests, thing: string, wanted: number | undefined): Promise<WorkloadRef> {
  for (let attempt = 1; ; attempt++) {
    const used = new Set((await requests.softwareInstances(thing)).map(instanceIdFromSdf));
    if (wanted !== undefined && used.has(wanted)) {
      throw new SoftwareManagementError(ERROR_CODES.INVALID_INPUT, `${workloadLabel({ thing, instance: wanted })} already exists; remove it first or deploy to another instance`);
    }
    const ref = { thing, instance: wanted ?? lowestFreeInstance(used) };
    const response = await requests.create(ref);
    if (isSdfSuccess(response.response_code)) return ref;
    const lostRace = wanted === undefined && response.response_code === SDF_RESPONSE_CODE.BAD_REQUEST;
    if (!lostRace || attempt >= CREATE_ATTEMPTS) throw errorFromSdfReply(response, `creating ${workloadLabel(ref)}`);
  }
}
