import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/index.js';
import { adapterObjects, adapterSelector, labelValueOfPod } from './adapter-resources.js';
import type { AdapterSpec } from './adapter-spec.js';

const pod: V1Pod = {
  metadata: { name: 'thermo', namespace: 'plant', uid: '5f0c-uid' },
  spec: {
    nodeName: 'farside-dev',
    containers: [{ name: 'main', image: 'oci-layout:/s:t' }],
    imagePullSecrets: [{ name: 'ghcr' }],
    tolerations: [{ key: 'fita.fhp.pt/type', operator: 'Equal', value: 'far-edge', effect: 'NoSchedule' }],
    nodeSelector: { type: 'virtual-kubelet' },
  },
};
const spec: AdapterSpec = {
  image: 'ghcr.io/farside/http-adapter:1.2',
  ports: [{ port: 8080, protocol: 'TCP' }, { name: 'coap', port: 5683, protocol: 'UDP' }],
  serviceName: 'thermo-adapter',
  pullPolicy: 'Always',
};
const context = { thing: 'dev', nodeName: 'farside-dev', instance: 3, mqttUrl: 'mqtt://broker:1883', sdfPrefix: 'sdf' };
const labels = { 'app.kubernetes.io/name': 'farside-adapter', 'app.kubernetes.io/managed-by': 'farside', 'farside.io/adapter-for': 'thermo' };

describe('communication adapter objects', () => {
  it('makes a one-replica Deployment in the pod namespace that the garbage collector removes with the pod', () => {
    const { deployment } = adapterObjects(pod, spec, context);
    expect(deployment.metadata).toEqual({
      name: 'thermo-adapter',
      namespace: 'plant',
      labels,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'thermo', uid: '5f0c-uid', controller: true, blockOwnerDeletion: true }],
    });
    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.spec?.selector).toEqual({ matchLabels: labels });
    expect(deployment.spec?.template.metadata?.labels).toEqual(labels);
  });

  it('runs the annotated image with its pull policy, ports, the workload environment and a TCP readiness probe', () => {
    const container = adapterObjects(pod, spec, context).deployment.spec?.template.spec?.containers[0];
    expect(container).toMatchObject({
      name: 'adapter',
      image: 'ghcr.io/farside/http-adapter:1.2',
      imagePullPolicy: 'Always',
      ports: [{ name: 'p8080', containerPort: 8080, protocol: 'TCP' }, { name: 'coap', containerPort: 5683, protocol: 'UDP' }],
      readinessProbe: { tcpSocket: { port: 8080 } },
    });
    expect(container?.env).toEqual([
      { name: 'FARSIDE_THING', value: 'dev' },
      { name: 'FARSIDE_NODE', value: 'farside-dev' },
      { name: 'FARSIDE_POD', value: 'thermo' },
      { name: 'FARSIDE_NAMESPACE', value: 'plant' },
      { name: 'FARSIDE_INSTANCE', value: '3' },
      { name: 'FARSIDE_MQTT_URL', value: 'mqtt://broker:1883' },
      { name: 'FARSIDE_SDF_PREFIX', value: 'sdf' },
      { name: 'FARSIDE_ADAPTER_PORT', value: '8080' },
    ]);
  });

  it('leaves out the instance, broker and prefix variables when they are not known', () => {
    const env = adapterObjects(pod, spec, { thing: 'dev', nodeName: 'farside-dev' }).deployment.spec?.template.spec?.containers[0]?.env;
    expect(env?.map((e) => e.name)).toEqual(['FARSIDE_THING', 'FARSIDE_NODE', 'FARSIDE_POD', 'FARSIDE_NAMESPACE', 'FARSIDE_ADAPTER_PORT']);
  });

  it('tells the adapter to listen on the first TCP port, and names no port when every port is UDP', () => {
    const envOf = (ports: AdapterSpec['ports']) => adapterObjects(pod, { ...spec, ports }, context).deployment.spec?.template.spec?.containers[0]?.env;
    expect(envOf([{ port: 5683, protocol: 'UDP' }, { port: 9090, protocol: 'TCP' }, { port: 8080, protocol: 'TCP' }])).toContainEqual({ name: 'FARSIDE_ADAPTER_PORT', value: '9090' });
    expect(envOf([{ port: 5683, protocol: 'UDP' }])?.map((e) => e.name)).not.toContain('FARSIDE_ADAPTER_PORT');
  });

  it('probes nothing when every port is UDP, since a TCP probe could never pass', () => {
    const udp: AdapterSpec = { ...spec, ports: [{ port: 5683, protocol: 'UDP' }] };
    expect(adapterObjects(pod, udp, context).deployment.spec?.template.spec?.containers[0]?.readinessProbe).toBeUndefined();
  });

  it('keeps the adapter off device nodes: pull secrets are copied, tolerations and node selector are not', () => {
    const template = adapterObjects(pod, spec, context).deployment.spec?.template.spec;
    expect(template?.imagePullSecrets).toEqual([{ name: 'ghcr' }]);
    expect(template?.tolerations).toBeUndefined();
    expect(template?.nodeSelector).toBeUndefined();
    expect(template?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'type', operator: 'NotIn', values: ['virtual-kubelet'] }] },
    ]);
  });

  it('makes a ClusterIP Service with the same selector and owner whose ports are named p<port> unless named', () => {
    const { service } = adapterObjects(pod, spec, context);
    expect(service.metadata?.name).toBe('thermo-adapter');
    expect(service.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Pod', uid: '5f0c-uid', controller: true });
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      selector: labels,
      ports: [{ name: 'p8080', port: 8080, targetPort: 8080, protocol: 'TCP' }, { name: 'coap', port: 5683, targetPort: 5683, protocol: 'UDP' }],
    });
  });

  it('refuses a pod without a uid, which could not own its adapter', () => {
    expect(() => adapterObjects({ metadata: { name: 'thermo' } }, spec, context)).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_INPUT }));
  });

  it('labels adapters of pods with names over 63 characters with a valid, distinct label value', () => {
    const long = `${'n'.repeat(62)}.x`;
    const a = labelValueOfPod(`${long}1`);
    const b = labelValueOfPod(`${long}2`);
    expect(a).not.toBe(b);
    for (const value of [a, b]) {
      expect(value.length).toBeLessThanOrEqual(63);
      expect(value).toMatch(/^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$/);
    }
    expect(adapterSelector('thermo')).toBe('app.kubernetes.io/name=farside-adapter,app.kubernetes.io/managed-by=farside,farside.io/adapter-for=thermo');
  });
});
