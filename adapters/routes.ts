import { isValidName } from '../sdf-models/index.js';
import { HttpError, HTTP_STATUS } from './http-error.js';

/** One property or action of the served thing, as named in the URL. */
export interface ResourceAddress {
  readonly object: string;
  readonly instance: string;
  readonly name: string;
}

/** What a request path asks for (adapters/README.md lists the API). */
export type AdapterRoute =
  | { readonly kind: 'health' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'description' }
  | { readonly kind: 'property'; readonly address: ResourceAddress }
  | { readonly kind: 'stream'; readonly address: ResourceAddress }
  | { readonly kind: 'action'; readonly address: ResourceAddress };

export const API_VERSION_PATH = '/v1';
/** The path segment that puts an action under an instance: `/v1/{Object}/{instance}/actions/{Action}`. */
export const ACTIONS_SEGMENT = 'actions';
export const STREAM_SEGMENT = 'stream';

/** Which methods each kind of route answers, for 405's `Allow`. */
export const ROUTE_METHODS: Readonly<Record<AdapterRoute['kind'], readonly string[]>> = {
  health: ['GET', 'HEAD'],
  ready: ['GET', 'HEAD'],
  description: ['GET', 'HEAD'],
  property: ['GET', 'HEAD', 'PUT'],
  stream: ['GET'],
  action: ['POST'],
};

function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new HttpError(HTTP_STATUS.BAD_REQUEST, `the path segment ${JSON.stringify(segment)} is not valid percent-encoding`);
      }
    });
}

/** The route of a request path (query excluded); throws HttpError 404 naming what is not there. */
export function routeFromPath(path: string): AdapterRoute {
  if (path === '/healthz') return { kind: 'health' };
  if (path === '/readyz') return { kind: 'ready' };
  if (path === API_VERSION_PATH || path === `${API_VERSION_PATH}/`) return { kind: 'description' };
  if (!path.startsWith(`${API_VERSION_PATH}/`)) throw new HttpError(HTTP_STATUS.NOT_FOUND, `no such path ${path}: the API lives under ${API_VERSION_PATH}`);
  const [, object, instance, ...rest] = segmentsOf(path);
  const names = [object, instance, ...rest];
  const bad = names.find((name) => name === undefined || !isValidName(name));
  if (object === undefined || instance === undefined || bad !== undefined || rest.length === 0 || rest.length > 2) {
    const why = bad !== undefined ? `${JSON.stringify(bad)} is not an SDF name` : `use ${API_VERSION_PATH}/{Object}/{instance}/{Property}[/stream] or ${API_VERSION_PATH}/{Object}/{instance}/${ACTIONS_SEGMENT}/{Action}`;
    throw new HttpError(HTTP_STATUS.NOT_FOUND, `no such path ${path}: ${why}`);
  }
  const [first, second] = rest as [string, string | undefined];
  if (second === undefined) return { kind: 'property', address: { object, instance, name: first } };
  if (first === ACTIONS_SEGMENT) return { kind: 'action', address: { object, instance, name: second } };
  if (second === STREAM_SEGMENT) return { kind: 'stream', address: { object, instance, name: first } };
  throw new HttpError(HTTP_STATUS.NOT_FOUND, `no such path ${path}: after a property only /${STREAM_SEGMENT} may follow`);
}

/** `Temperature/0/Sensor_Value`: how messages name a resource. */
export function addressText(address: ResourceAddress): string {
  return `${address.object}/${address.instance}/${address.name}`;
}
