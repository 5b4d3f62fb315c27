/** The kubelet API paths farside serves (pkg/kubelet/server/server.go), parsed from a request path. */
export type KubeletRoute =
  | { readonly kind: 'healthz' }
  | { readonly kind: 'pods' }
  | { readonly kind: 'container-logs'; readonly namespace: string; readonly pod: string; readonly container: string }
  | { readonly kind: 'exec'; readonly namespace: string; readonly pod: string; readonly uid?: string; readonly container: string }
  | { readonly kind: 'stats-summary' }
  | { readonly kind: 'resource-metrics' }
  | { readonly kind: 'unknown' };

const UNKNOWN: KubeletRoute = { kind: 'unknown' };

export function routeOf(pathname: string): KubeletRoute {
  let segments: string[];
  try {
    segments = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    return UNKNOWN;
  }
  const [head, ...rest] = segments;
  // An encoded slash inside a name would otherwise pass for a path separator downstream.
  if (segments.some((s) => s.includes('/'))) return UNKNOWN;
  switch (head) {
    case 'healthz':
      return rest.length === 0 ? { kind: 'healthz' } : UNKNOWN;
    case 'pods':
      return rest.length === 0 ? { kind: 'pods' } : UNKNOWN;
    case 'containerLogs': {
      const [namespace, pod, container] = rest;
      return rest.length === 3 ? { kind: 'container-logs', namespace: namespace!, pod: pod!, container: container! } : UNKNOWN;
    }
    case 'exec': {
      if (rest.length === 3) return { kind: 'exec', namespace: rest[0]!, pod: rest[1]!, container: rest[2]! };
      if (rest.length === 4) return { kind: 'exec', namespace: rest[0]!, pod: rest[1]!, uid: rest[2]!, container: rest[3]! };
      return UNKNOWN;
    }
    case 'stats':
      return rest.length === 1 && rest[0] === 'summary' ? { kind: 'stats-summary' } : UNKNOWN;
    case 'metrics':
      return rest.length === 1 && rest[0] === 'resource' ? { kind: 'resource-metrics' } : UNKNOWN;
    default:
      return UNKNOWN;
  }
}
