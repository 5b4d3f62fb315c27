/**
 * Execute (Core §6.3.4) on a resource whose model says E, handing parsed arguments to
 * the device's handler.
 */
import type { LwM2mPath, ResourcePath } from '../../lwm2m/path.js';
import { RESPONSE_CODE, type ResponseCode } from '../../lwm2m/response-code.js';
import { isExecutable } from './access.js';
import { parseExecuteArguments, type ExecuteArguments } from './execute-arguments.js';
import type { TreeContext } from './tree-context.js';

export interface ExecuteRequest {
  readonly path: ResourcePath;
  /** The payload as sent, if any. */
  readonly args: string | undefined;
  /** The payload parsed per Core §5.4.5. */
  readonly arguments: ExecuteArguments;
}

/**
 * Gets the raw argument string (undefined without payload) and the parsed request.
 * Returning a response code (e.g. '4.05' for an operation in the wrong state) answers
 * with it; returning anything else, or nothing, answers 2.04 Changed. A throw answers 5.00.
 * Typed `unknown` so that one-liners like `(args) => calls.push(args)` fit.
 */
export type ExecuteHandler = (args: string | undefined, request: ExecuteRequest) => unknown;

const CODES: ReadonlySet<unknown> = new Set(Object.values(RESPONSE_CODE));

export function executeOn(
  ctx: TreeContext,
  path: LwM2mPath,
  args: string | undefined,
  handlerFor: (path: ResourcePath) => ExecuteHandler | undefined,
): ResponseCode {
  if (path.length !== 3) return RESPONSE_CODE.METHOD_NOT_ALLOWED;
  const [objectId, instanceId, resourceId] = path;
  const model = ctx.models.resource(objectId, resourceId);
  if (model === undefined || !ctx.store.hasInstance(objectId, instanceId)) return RESPONSE_CODE.NOT_FOUND;
  if (!isExecutable(model.operations)) return RESPONSE_CODE.METHOD_NOT_ALLOWED;
  const parsed = parseExecuteArguments(args);
  if (parsed === undefined) return RESPONSE_CODE.BAD_REQUEST;
  const handler = handlerFor(path);
  if (handler === undefined) return RESPONSE_CODE.CHANGED;
  try {
    const code = handler(args, { path, args, arguments: parsed });
    return CODES.has(code) ? (code as ResponseCode) : RESPONSE_CODE.CHANGED;
  } catch {
    // A failing handler is the device's own fault; the server only learns that much.
    return RESPONSE_CODE.INTERNAL_SERVER_ERROR;
  }
}
