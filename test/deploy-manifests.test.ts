/**
 * The manifests under deploy/ as the real kubectl renders them (its built-in kustomize,
 * offline): namespaces, the kubelet's RBAC, container hardening, and the example pods
 * fitting the nodes the kubelet registers.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  loadAllYaml,
  type KubernetesObject,
  type V1ClusterRole,
  type V1ClusterRoleBinding,
  type V1Container,
  type V1Deployment,
  type V1Pod,
  type V1PodSpec,
  type V1PolicyRule,
  type V1Role,
  type V1RoleBinding,
  type V1Service,
} from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { adapterSpecOf, FITA_RESOURCE_LABEL_PREFIX, FITA_TAINT, NODE_LEASE_NAMESPACE } from '../kubelet/index.js';

const KUBECTL = '/usr/bin/kubectl';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NAMESPACE = 'farside';
const KUBELET_ACCOUNT = 'farside-kubelet';
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

async function kustomize(dir: string): Promise<KubernetesObject[]> {
  // A fresh KUBECONFIG: kustomize needs no cluster, and must not read the user's.
  const { stdout } = await promisify(execFile)(KUBECTL, ['kustomize', dir], { cwd: ROOT, env: { ...process.env, KUBECONFIG: '/dev/null' } });
  return loadAllYaml(stdout) as KubernetesObject[];
}

const ofKind = <T extends KubernetesObject>(objects: KubernetesObject[], kind: string): T[] => objects.filter((o) => o.kind === kind) as T[];
const named = <T extends KubernetesObject>(objects: KubernetesObject[], kind: string, name: string): T => {
  const found = ofKind<T>(objects, kind).find((o) => o.metadata?.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
};

/** The verbs `rules` grant on `resource` of `group`, wildcards kept as they are. */
function verbsOn(rules: readonly V1PolicyRule[], group: string, resource: string): string[] {
  return rules.filter((r) => r.apiGroups?.includes(group) && r.resources?.includes(resource)).flatMap((r) => r.verbs);
}

const podSpecs = (objects: KubernetesObject[]): V1PodSpec[] => [
  ...ofKind<V1Deployment>(objects, 'Deployment').flatMap((d) => (d.spec?.template.spec ? [d.spec.template.spec] : [])),
  ...ofKind<V1Pod>(objects, 'Pod').flatMap((p) => (p.spec ? [p.spec] : [])),
];

describe('the Kubernetes manifests in deploy/', () => {
  let base: KubernetesObject[];
  let examples: KubernetesObject[];

  beforeAll(async () => {
    [base, examples] = await Promise.all([kustomize('deploy'), kustomize('deploy/examples')]);
  });

  it('puts every namespaced object in the farside namespace, except the node-lease rights, which live in kube-node-lease', () => {
    const where = (objects: KubernetesObject[]) => objects.filter((o) => !CLUSTER_SCOPED.has(o.kind ?? '')).map((o) => [`${o.kind}/${o.metadata?.name}`, o.metadata?.namespace]);
    const expected = (objects: KubernetesObject[]) =>
      objects.filter((o) => !CLUSTER_SCOPED.has(o.kind ?? '')).map((o) => [`${o.kind}/${o.metadata?.name}`, o.metadata?.name === 'farside-kubelet-leases' ? NODE_LEASE_NAMESPACE : NAMESPACE]);
    expect(where(base)).toEqual(expected(base));
    expect(where(base)).toContainEqual(['Role/farside-kubelet-leases', NODE_LEASE_NAMESPACE]);
    expect(where(examples).length).toBeGreaterThan(0);
    expect(where(examples)).toEqual(examples.map((o) => [`${o.kind}/${o.metadata?.name}`, NAMESPACE]));
    expect(ofKind(base, 'Namespace').map((n) => n.metadata?.name)).toEqual([NAMESPACE]);
  });

  it('runs the kubelet under its own service account, bound to both its ClusterRole and the lease Role', () => {
    expect(named<V1Deployment>(base, 'Deployment', 'farside-kubelet').spec?.template.spec?.serviceAccountName).toBe(KUBELET_ACCOUNT);
    expect(named(base, 'ServiceAccount', KUBELET_ACCOUNT).metadata?.namespace).toBe(NAMESPACE);
    const account = { kind: 'ServiceAccount', name: KUBELET_ACCOUNT, namespace: NAMESPACE };
    const clusterBinding = named<V1ClusterRoleBinding>(base, 'ClusterRoleBinding', 'farside-kubelet');
    expect(clusterBinding.subjects).toEqual([account]);
    expect(named<V1ClusterRole>(base, 'ClusterRole', clusterBinding.roleRef.name).metadata?.name).toBe('farside-kubelet');
    const leaseBinding = named<V1RoleBinding>(base, 'RoleBinding', 'farside-kubelet-leases');
    expect(leaseBinding.subjects).toEqual([account]);
    expect(leaseBinding.roleRef).toMatchObject({ kind: 'Role', name: 'farside-kubelet-leases' });
  });

  it('grants the node, pod and lease verbs the kubelet calls, and no wildcard anywhere', () => {
    const cluster = named<V1ClusterRole>(base, 'ClusterRole', 'farside-kubelet').rules ?? [];
    expect(verbsOn(cluster, '', 'nodes')).toEqual(expect.arrayContaining(['get', 'list', 'watch', 'create', 'patch', 'delete']));
    expect(verbsOn(cluster, '', 'nodes/status')).toContain('patch');
    expect(verbsOn(cluster, '', 'pods')).toEqual(expect.arrayContaining(['get', 'list', 'watch', 'patch', 'delete']));
    expect(verbsOn(cluster, '', 'pods')).not.toContain('create');
    expect(verbsOn(cluster, '', 'pods/status')).toContain('patch');
    expect(verbsOn(cluster, '', 'secrets')).toEqual(['get']);
    expect(verbsOn(cluster, '', 'configmaps')).toEqual([]);
    // Leases only through the Role in kube-node-lease, never cluster-wide.
    expect(verbsOn(cluster, 'coordination.k8s.io', 'leases')).toEqual([]);
    const leases = named<V1Role>(base, 'Role', 'farside-kubelet-leases').rules ?? [];
    expect(verbsOn(leases, 'coordination.k8s.io', 'leases')).toEqual(expect.arrayContaining(['get', 'create', 'update', 'delete']));

    for (const rule of [...cluster, ...leases]) {
      expect([...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...rule.verbs]).not.toContain('*');
      expect(rule.nonResourceURLs).toBeUndefined();
    }
  });

  it('runs every container of the base as non-root with a read-only root filesystem, no capabilities and the runtime seccomp profile', () => {
    const specs = podSpecs(base);
    expect(specs).toHaveLength(4);
    for (const spec of specs) {
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(spec.securityContext?.runAsUser).toBeGreaterThan(0);
      for (const container of spec.containers) {
        expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect(container.resources?.requests).toHaveProperty('memory');
        expect(container.resources?.limits).toHaveProperty('memory');
      }
    }
  });

  it('points the kubelet at the gateway service broker and gives it its pod IP', () => {
    const kubelet: V1Container = named<V1Deployment>(base, 'Deployment', 'farside-kubelet').spec!.template.spec!.containers[0]!;
    expect(kubelet.args).toEqual(expect.arrayContaining(['kubelet', '--mqtt-url=mqtt://farside-gateway:1883']));
    expect(kubelet.args?.some((a) => a.startsWith('--kubeconfig'))).toBe(false);
    expect(kubelet.env).toContainEqual({ name: 'FARSIDE_NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
    expect(kubelet.ports).toContainEqual(expect.objectContaining({ containerPort: 10250, protocol: 'TCP' }));
  });

  it('serves CoAP and MQTT in the cluster and CoAP alone through a LoadBalancer for devices outside it', () => {
    const ports = (service: V1Service) => service.spec?.ports?.map((p) => [p.port, p.protocol]);
    const gateway = named<V1Service>(base, 'Service', 'farside-gateway');
    expect(ports(gateway)).toEqual([[5683, 'UDP'], [1883, 'TCP']]);
    const coap = named<V1Service>(base, 'Service', 'farside-coap');
    expect(coap.spec?.type).toBe('LoadBalancer');
    expect(ports(coap)).toEqual([[5683, 'UDP']]);
    const labels = named<V1Deployment>(base, 'Deployment', 'farside-gateway').spec?.template.metadata?.labels ?? {};
    for (const service of [gateway, coap]) expect(labels).toMatchObject(service.spec?.selector ?? { missing: 'selector' });
  });

  it('lets the example device pods onto farside nodes: they tolerate the far-edge taint and select embServe nodes', () => {
    const specs = podSpecs(examples);
    expect(specs).toHaveLength(2);
    for (const spec of specs) {
      expect(spec.tolerations).toContainEqual({ key: FITA_TAINT.key, operator: 'Equal', value: FITA_TAINT.value, effect: FITA_TAINT.effect });
      expect(spec.nodeSelector).toEqual({ [`${FITA_RESOURCE_LABEL_PREFIX}embserve`]: 'true' });
    }
    const adapter = named<V1Deployment>(examples, 'Deployment', 'temperature-api').spec?.template.metadata?.annotations ?? {};
    expect(Object.keys(adapter).sort()).toEqual(['image', 'ports', 'pull-policy', 'service-name'].map((k) => `communication-adapter.fita/${k}`));
    // What the kubelet will make of them: a valid adapter, not a refused pod.
    expect(adapterSpecOf({ metadata: { name: 'temperature-api-0', annotations: adapter } })).toMatchObject({ image: expect.any(String) as unknown });
  });
});
