import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../errors/index.js';
import { ADAPTER_ANNOTATIONS, adapterSpecOf, DNS1035_LABEL, defaultServiceName } from './adapter-spec.js';

const podWith = (annotations: Record<string, string>, name = 'thermo'): V1Pod => ({ metadata: { name, namespace: 'default', annotations } });
const withImage = (more: Record<string, string> = {}, name?: string): V1Pod => podWith({ [ADAPTER_ANNOTATIONS.IMAGE]: 'ghcr.io/farside/http-adapter:1.2', ...more }, name);

function refusal(pod: V1Pod): FarsideError {
  try {
    adapterSpecOf(pod);
  } catch (error) {
    if (error instanceof FarsideError) return error;
    throw error;
  }
  throw new Error('the annotations were accepted');
}

describe('communication adapter annotations', () => {
  it('asks for no adapter when the pod has no adapter annotations', () => {
    expect(adapterSpecOf(podWith({ 'other.io/x': 'y' }))).toBeUndefined();
    expect(adapterSpecOf({ metadata: { name: 'bare' } })).toBeUndefined();
  });

  it('fills in port 8080, <pod>-adapter and IfNotPresent when only the image is given', () => {
    expect(adapterSpecOf(withImage())).toEqual({ image: 'ghcr.io/farside/http-adapter:1.2', ports: [{ port: 8080, protocol: 'TCP' }], serviceName: 'thermo-adapter', pullPolicy: 'IfNotPresent' });
  });

  it('reads several ports, named and with protocols, a service name and a pull policy', () => {
    const spec = adapterSpecOf(
      withImage({ [ADAPTER_ANNOTATIONS.PORTS]: '8080, metrics:9090, 5683/UDP', [ADAPTER_ANNOTATIONS.SERVICE_NAME]: 'thermo-http', [ADAPTER_ANNOTATIONS.PULL_POLICY]: 'Always' }),
    );
    expect(spec).toEqual({
      image: 'ghcr.io/farside/http-adapter:1.2',
      ports: [{ port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9090, protocol: 'TCP' }, { port: 5683, protocol: 'UDP' }],
      serviceName: 'thermo-http',
      pullPolicy: 'Always',
    });
  });

  it('accepts images by digest, on a registry with a port, and Docker Hub short names', () => {
    for (const image of ['nginx', 'localhost:5000/adapter@sha256:' + 'a'.repeat(64), 'registry.example.com:8443/team/adapter:v1']) {
      expect(adapterSpecOf(podWith({ [ADAPTER_ANNOTATIONS.IMAGE]: image }))?.image).toBe(image);
    }
  });

  it.each([
    ['an image reference with upper case', { [ADAPTER_ANNOTATIONS.IMAGE]: 'Farside/Adapter' }, ADAPTER_ANNOTATIONS.IMAGE, 'lowercase'],
    ['an empty image', { [ADAPTER_ANNOTATIONS.IMAGE]: '' }, ADAPTER_ANNOTATIONS.IMAGE, 'empty'],
    ['an image-layout directory', { [ADAPTER_ANNOTATIONS.IMAGE]: 'oci-layout:/srv/store:t' }, ADAPTER_ANNOTATIONS.IMAGE, 'not a registry'],
    ['port 0', { [ADAPTER_ANNOTATIONS.PORTS]: '0' }, ADAPTER_ANNOTATIONS.PORTS, '1..65535'],
    ['port 65536', { [ADAPTER_ANNOTATIONS.PORTS]: '65536' }, ADAPTER_ANNOTATIONS.PORTS, '1..65535'],
    ['a port that is no number', { [ADAPTER_ANNOTATIONS.PORTS]: 'http' }, ADAPTER_ANNOTATIONS.PORTS, '[name:]port'],
    ['an empty port list entry', { [ADAPTER_ANNOTATIONS.PORTS]: '8080,' }, ADAPTER_ANNOTATIONS.PORTS, '[name:]port'],
    ['an SCTP port', { [ADAPTER_ANNOTATIONS.PORTS]: '8080/SCTP' }, ADAPTER_ANNOTATIONS.PORTS, '[name:]port'],
    ['a duplicate port', { [ADAPTER_ANNOTATIONS.PORTS]: '8080,9090,8080/UDP' }, ADAPTER_ANNOTATIONS.PORTS, 'port 8080 appears twice'],
    ['a port name clashing with a default one', { [ADAPTER_ANNOTATIONS.PORTS]: 'p9090:8080,9090' }, ADAPTER_ANNOTATIONS.PORTS, 'port name p9090 appears twice'],
    ['a bad port name', { [ADAPTER_ANNOTATIONS.PORTS]: 'Web_UI:8080' }, ADAPTER_ANNOTATIONS.PORTS, 'port name'],
    ['17 ports', { [ADAPTER_ANNOTATIONS.PORTS]: Array.from({ length: 17 }, (_, i) => 8000 + i).join(',') }, ADAPTER_ANNOTATIONS.PORTS, 'at most 16'],
    ['a service name with a dot', { [ADAPTER_ANNOTATIONS.SERVICE_NAME]: 'thermo.http' }, ADAPTER_ANNOTATIONS.SERVICE_NAME, 'DNS-1035'],
    ['a service name starting with a digit', { [ADAPTER_ANNOTATIONS.SERVICE_NAME]: '1thermo' }, ADAPTER_ANNOTATIONS.SERVICE_NAME, 'DNS-1035'],
    ['a 64-character service name', { [ADAPTER_ANNOTATIONS.SERVICE_NAME]: 'a'.repeat(64) }, ADAPTER_ANNOTATIONS.SERVICE_NAME, '63'],
    ['a lowercase pull policy', { [ADAPTER_ANNOTATIONS.PULL_POLICY]: 'always' }, ADAPTER_ANNOTATIONS.PULL_POLICY, 'IfNotPresent'],
  ])('refuses %s with an error naming the annotation', (_what, annotations, annotation, why) => {
    const error = refusal(withImage(annotations));
    expect(error.code).toBe(ERROR_CODES.INVALID_INPUT);
    expect(error.message).toContain(annotation);
    expect(error.message).toContain(why);
  });

  it('accepts exactly 16 ports and the extreme port numbers', () => {
    const ports = ['1', '65535', ...Array.from({ length: 14 }, (_, i) => String(8000 + i))].join(',');
    expect(adapterSpecOf(withImage({ [ADAPTER_ANNOTATIONS.PORTS]: ports }))?.ports).toHaveLength(16);
  });

  it('refuses a misspelt annotation under communication-adapter.fita/ as unknown rather than ignoring it', () => {
    const error = refusal(withImage({ 'communication-adapter.fita/port': '9090' }));
    expect(error.code).toBe(ERROR_CODES.INVALID_INPUT);
    expect(error.message).toMatch(/unknown annotation communication-adapter\.fita\/port\b/);
    expect(error.message).toContain(ADAPTER_ANNOTATIONS.PORTS);
  });

  it('refuses adapter settings without an image instead of silently running no adapter', () => {
    const error = refusal(podWith({ [ADAPTER_ANNOTATIONS.PORTS]: '9090' }));
    expect(error.message).toContain(ADAPTER_ANNOTATIONS.IMAGE);
  });

  it('derives a valid, distinct service name of at most 63 characters from long or dotted pod names', () => {
    const long = 'x'.repeat(200);
    const a = defaultServiceName(`${long}-a`);
    const b = defaultServiceName(`${long}-b`);
    for (const name of [a, b, defaultServiceName('web.v1'), defaultServiceName('0day'), defaultServiceName(`${'y'.repeat(54)}-z`)]) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(DNS1035_LABEL);
      expect(name.endsWith('-adapter')).toBe(true);
    }
    expect(a).not.toBe(b);
    expect(defaultServiceName('web.v1')).toBe('web-v1-adapter');
    expect(defaultServiceName('0day')).toBe('a0day-adapter');
    expect(adapterSpecOf(withImage({}, `${long}-a`))?.serviceName).toBe(a);
  });

  it('keeps a pod name that fits as it is, up to exactly 63 characters', () => {
    const name = 'p'.repeat(55);
    expect(defaultServiceName(name)).toBe(`${name}-adapter`);
    expect(defaultServiceName(`${name}q`)).not.toContain(`${name}q`);
  });
});
