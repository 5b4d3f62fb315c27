import { isIP } from 'node:net';
import { generate } from 'selfsigned';

/** A PEM certificate (chain) and its private key. */
export interface TlsPem {
  readonly cert: string;
  readonly key: string;
}

export const SELF_SIGNED_COMMON_NAME = 'farside-kubelet';
const VALID_DAYS = 365;

/**
 * A self-signed serving certificate for the kubelet API, for clusters that proxy to the
 * kubelet without verifying it (the API server's default --kubelet-certificate-authority
 * is none). Made in memory on every start: nothing secret is left on disk.
 */
export async function selfSignedKubeletTls(host: string): Promise<TlsPem> {
  const ips = new Set(['127.0.0.1', '::1']);
  const names = new Set(['localhost']);
  // A wildcard listen address is not a name anyone connects to.
  if (isIP(host) !== 0 && host !== '0.0.0.0' && host !== '::') ips.add(host);
  else if (isIP(host) === 0 && host !== '') names.add(host);
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: SELF_SIGNED_COMMON_NAME }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALID_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...[...names].map((value) => ({ type: 2 as const, value })), ...[...ips].map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
