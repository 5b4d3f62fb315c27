/**
 * The resources the test Kubernetes API server serves, and the discovery documents
 * (/api, /apis, /api/v1, /apis/<group>/<version>) that client-node and kubectl read first.
 */

export interface KubeResource {
  /** '' for the core (legacy) group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  /** Whether a /status subresource exists; then main-resource writes keep the stored status. */
  readonly hasStatus: boolean;
  readonly shortNames: readonly string[];
  /** Fields a fieldSelector may name besides metadata.name and metadata.namespace. */
  readonly selectableFields: readonly string[];
}

const core = { group: '', version: 'v1' } as const;

export const KUBE_RESOURCES: readonly KubeResource[] = [
  { ...core, kind: 'Namespace', plural: 'namespaces', singular: 'namespace', namespaced: false, hasStatus: true, shortNames: ['ns'], selectableFields: ['status.phase'] },
  { ...core, kind: 'Node', plural: 'nodes', singular: 'node', namespaced: false, hasStatus: true, shortNames: ['no'], selectableFields: ['spec.unschedulable'] },
  {
    ...core, kind: 'Pod', plural: 'pods', singular: 'pod', namespaced: true, hasStatus: true, shortNames: ['po'],
    selectableFields: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  },
  {
    ...core, kind: 'Event', plural: 'events', singular: 'event', namespaced: true, hasStatus: false, shortNames: ['ev'],
    selectableFields: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  },
  { ...core, kind: 'Secret', plural: 'secrets', singular: 'secret', namespaced: true, hasStatus: false, shortNames: [], selectableFields: ['type'] },
  { ...core, kind: 'Service', plural: 'services', singular: 'service', namespaced: true, hasStatus: true, shortNames: ['svc'], selectableFields: [] },
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', singular: 'lease', namespaced: true, hasStatus: false, shortNames: [], selectableFields: [] },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', singular: 'deployment', namespaced: true, hasStatus: true, shortNames: ['deploy'], selectableFields: [] },
];

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

/** Subresources the server forwards to a kubelet (kube-api-proxy.ts), by resource plural. */
const KUBELET_SUBRESOURCES: Readonly<Record<string, readonly { readonly name: string; readonly kind: string; readonly verbs: readonly string[] }[]>> = {
  pods: [{ name: 'log', kind: 'Pod', verbs: ['get'] }, { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] }],
  nodes: [{ name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }],
};

export function groupVersionOf(resource: KubeResource): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

export function findResource(groupVersion: string, plural: string): KubeResource | undefined {
  return KUBE_RESOURCES.find((r) => groupVersionOf(r) === groupVersion && r.plural === plural);
}

/** Body of GET /api. */
export function coreApiVersions(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** Body of GET /apis: every non-core group, one version each. */
export function apiGroupList(): object {
  const groups = [...new Set(KUBE_RESOURCES.filter((r) => r.group !== '').map(groupVersionOf))].map((gv) => {
    const [name, version] = gv.split('/') as [string, string];
    const entry = { groupVersion: gv, version };
    return { name, versions: [entry], preferredVersion: entry };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** Body of GET /api/v1 or /apis/<group>/<version>; undefined for a group version not served. */
export function apiResourceList(groupVersion: string): object | undefined {
  const served = KUBE_RESOURCES.filter((r) => groupVersionOf(r) === groupVersion);
  if (served.length === 0) return undefined;
  const resources = served.flatMap((r) => {
    const main = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: VERBS, shortNames: [...r.shortNames] };
    const status = { name: `${r.plural}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] };
    const proxied = (r.group === '' ? KUBELET_SUBRESOURCES[r.plural] ?? [] : []).map((sub) => ({ name: `${r.plural}/${sub.name}`, singularName: '', namespaced: r.namespaced, kind: sub.kind, verbs: sub.verbs }));
    return [...(r.hasStatus ? [main, status] : [main]), ...proxied];
  });
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

/** Body of GET /version: the Kubernetes release this server imitates. */
export const VERSION_INFO = {
  major: '1', minor: '32', gitVersion: 'v1.32.0-farside-test', gitCommit: '', gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.23', compiler: 'gc', platform: 'linux/amd64',
} as const;
