/**
 * Discover (Core §6.3.5): the links under a path with the attributes written on them,
 * plus `dim` (the number of instances) on multiple resources.
 * Object and instance discovery show each level's own attributes; discovering a single
 * resource shows what is in force there, inherited attributes included.
 */
import type { Link } from '../../lwm2m/link-format.js';
import { formatPath, type LwM2mPath } from '../../lwm2m/path.js';
import { RESPONSE_CODE, type ResponseCode } from '../../lwm2m/response-code.js';
import { ATTRIBUTE_NAMES, type NotificationAttributes } from './attributes.js';
import { presentResourceIds, type TreeContext } from './tree-context.js';

export interface DiscoverResult {
  readonly code: ResponseCode;
  /** Present with 2.05. */
  readonly links?: readonly Link[];
}

function attributeParams(attrs: NotificationAttributes): Record<string, string> {
  const params: Record<string, string> = {};
  for (const name of ATTRIBUTE_NAMES) {
    const value = attrs[name];
    if (value !== undefined) params[name] = String(value);
  }
  return params;
}

function resourceLink(ctx: TreeContext, path: readonly [number, number, number], attrs: NotificationAttributes): Link {
  const resource = ctx.store.resource(...path);
  const dim: Record<string, string> = resource?.kind === 'multiple' ? { dim: String(resource.instances.size) } : {};
  return { uri: formatPath(path), params: { ...dim, ...attributeParams(attrs) } };
}

function instanceLinks(ctx: TreeContext, objectId: number, instanceId: number): Link[] {
  const links: Link[] = [{ uri: formatPath([objectId, instanceId]), params: attributeParams(ctx.attributes.at([objectId, instanceId])) }];
  for (const resourceId of presentResourceIds(ctx, objectId, instanceId)) {
    const path = [objectId, instanceId, resourceId] as const;
    links.push(resourceLink(ctx, path, ctx.attributes.at(path)));
  }
  return links;
}

export function discoverLinks(ctx: TreeContext, path: LwM2mPath): DiscoverResult {
  if (path.length === 0 || path.length === 4) return { code: RESPONSE_CODE.METHOD_NOT_ALLOWED };
  const [objectId, instanceId, resourceId] = path;
  if (!ctx.store.isSupported(objectId)) return { code: RESPONSE_CODE.NOT_FOUND };
  if (instanceId === undefined) {
    const links: Link[] = [{ uri: formatPath([objectId]), params: attributeParams(ctx.attributes.at([objectId])) }];
    for (const id of ctx.store.instanceIds(objectId)) links.push(...instanceLinks(ctx, objectId, id));
    return { code: RESPONSE_CODE.CONTENT, links };
  }
  if (!ctx.store.hasInstance(objectId, instanceId)) return { code: RESPONSE_CODE.NOT_FOUND };
  if (resourceId === undefined) return { code: RESPONSE_CODE.CONTENT, links: instanceLinks(ctx, objectId, instanceId) };
  if (!presentResourceIds(ctx, objectId, instanceId).includes(resourceId)) return { code: RESPONSE_CODE.NOT_FOUND };
  const resourcePath = [objectId, instanceId, resourceId] as const;
  return { code: RESPONSE_CODE.CONTENT, links: [resourceLink(ctx, resourcePath, ctx.attributes.effective(resourcePath))] };
}
