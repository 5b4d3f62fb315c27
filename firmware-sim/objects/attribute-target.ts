/**
 * Where Write-Attributes may go (Core §5.1.2, §6.3.2) and the defaults it starts from.
 */
import type { LwM2mPath } from '../../lwm2m/path.js';
import { RESPONSE_CODE, type ResponseCode } from '../../lwm2m/response-code.js';
import { OBJECT_ID, SERVER_DEFAULT_PMAX_RESOURCE, SERVER_DEFAULT_PMIN_RESOURCE } from './access.js';
import { patchIsValid, type AttributePatch, type NotificationAttributes } from './attributes.js';
import { presentResourceIds, type TreeContext } from './tree-context.js';
import { isNumericType } from './value-check.js';

/** Returns 2.04 when the patch may be written at `path`, else the error code. */
export function validateAttributeTarget(ctx: TreeContext, path: LwM2mPath, patch: AttributePatch): ResponseCode {
  if (path.length === 0) return RESPONSE_CODE.METHOD_NOT_ALLOWED;
  const [objectId, instanceId, resourceId, resourceInstanceId] = path;
  if (!ctx.store.isSupported(objectId)) return RESPONSE_CODE.NOT_FOUND;
  if (instanceId !== undefined && !ctx.store.hasInstance(objectId, instanceId)) return RESPONSE_CODE.NOT_FOUND;
  let numeric = false;
  if (instanceId !== undefined && resourceId !== undefined) {
    const model = ctx.models.resource(objectId, resourceId);
    if (model === undefined || !presentResourceIds(ctx, objectId, instanceId).includes(resourceId)) return RESPONSE_CODE.NOT_FOUND;
    if (resourceInstanceId !== undefined) {
      const resource = ctx.store.resource(objectId, instanceId, resourceId);
      if (resource?.kind !== 'multiple' || !resource.instances.has(resourceInstanceId)) return RESPONSE_CODE.NOT_FOUND;
    }
    // gt/lt/st compare one number: a single numeric resource or one instance of a multiple one.
    numeric = isNumericType(model.type) && (resourceInstanceId !== undefined || !model.multiple);
  }
  return patchIsValid(patch, numeric) ? RESPONSE_CODE.CHANGED : RESPONSE_CODE.BAD_REQUEST;
}

/**
 * pmin/pmax defaults from the Server object (Core §5.1.2: Default Minimum/Maximum Period).
 * The simulator talks to one DM server, so the lowest Server instance is its account.
 */
export function defaultPeriods(ctx: TreeContext): NotificationAttributes {
  const [instanceId] = ctx.store.instanceIds(OBJECT_ID.SERVER);
  if (instanceId === undefined) return {};
  const periodAt = (resourceId: number): number | undefined => {
    const resource = ctx.store.resource(OBJECT_ID.SERVER, instanceId, resourceId);
    return resource?.kind === 'single' && typeof resource.value === 'number' && resource.value >= 0 ? resource.value : undefined;
  };
  const defaults: { pmin?: number; pmax?: number } = {};
  const pmin = periodAt(SERVER_DEFAULT_PMIN_RESOURCE);
  const pmax = periodAt(SERVER_DEFAULT_PMAX_RESOURCE);
  if (pmin !== undefined) defaults.pmin = pmin;
  if (pmax !== undefined) defaults.pmax = pmax;
  return defaults;
}
