/**
 * A registry token server for tests (docker "Token Authentication Specification"):
 * answers GET /token with an ES256 JWT that docker-registry's `auth.token` accepts, signed
 * by a key whose self-signed certificate is the registry's root bundle. The certificate
 * is built here, in DER, so that the tests need no openssl.
 */
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenServer {
  /** `http://127.0.0.1:<port>/token`, the realm to configure. */
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** The signing certificate, PEM, for the registry's `rootcertbundle`. */
  readonly rootCertBundle: string;
  /** Every token request so far: who asked (undefined when anonymous) and for which scopes. */
  readonly requests: readonly { readonly user: string | undefined; readonly scopes: readonly string[] }[];
  close(): Promise<void>;
}

export interface TokenServerOptions {
  /** Accepted users and their passwords; wrong credentials get 401. */
  readonly users: Readonly<Record<string, string>>;
  /** Actions an anonymous caller is granted on any repository. Default none. */
  readonly anonymousActions?: readonly string[];
}

const SERVICE = 'farside-test-registry';
const ISSUER = 'farside-test-token-issuer';
/** Token lifetime, in s. */
const TOKEN_LIFETIME_S = 300;

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const certificate = selfSignedCertificate(privateKey, publicKey, 'farside test token signer');
  const requests: { user: string | undefined; scopes: string[] }[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://token.invalid');
    if (url.pathname !== '/token') {
      response.writeHead(404).end();
      return;
    }
    const user = authenticatedUser(request.headers.authorization, options.users);
    if (user === null) {
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }));
      return;
    }
    const scopes = url.searchParams.getAll('scope');
    requests.push({ user, scopes });
    const granted = user !== undefined ? undefined : (options.anonymousActions ?? []);
    const access = scopes.map(parseScope).flatMap((scope) => (scope === undefined ? [] : [{ ...scope, actions: granted === undefined ? scope.actions : scope.actions.filter((a) => granted.includes(a)) }]));
    const token = signedToken(privateKey, certificate, { sub: user ?? '', aud: url.searchParams.get('service') ?? '', access });
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, access_token: token, expires_in: TOKEN_LIFETIME_S, issued_at: new Date().toISOString() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service: SERVICE,
    issuer: ISSUER,
    rootCertBundle: toPem(certificate),
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The user of valid Basic credentials, undefined when there are none, null when they are wrong. */
function authenticatedUser(header: string | undefined, users: Readonly<Record<string, string>>): string | undefined | null {
  if (header === undefined) return undefined;
  const match = /^Basic (.+)$/.exec(header);
  if (match?.[1] === undefined) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = decoded.slice(0, colon);
  return colon > 0 && Object.hasOwn(users, user) && users[user] === decoded.slice(colon + 1) ? user : null;
}

function parseScope(scope: string): { type: string; name: string; actions: string[] } | undefined {
  const match = /^([a-z]+):(.+):([a-z,*]+)$/.exec(scope);
  if (match === null) return undefined;
  return { type: match[1] ?? '', name: match[2] ?? '', actions: (match[3] ?? '').split(',') };
}

function signedToken(key: KeyObject, certificate: Buffer, claims: { sub: string; aud: string; access: unknown[] }): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'ES256', x5c: [certificate.toString('base64')] };
  const body = { iss: ISSUER, ...claims, exp: now + TOKEN_LIFETIME_S, nbf: now - 10, iat: now, jti: randomUUID() };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(body))}`;
  // JWS ES256 is the raw r||s pair (RFC 7518 §3.4), not DER.
  const signature = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${base64url(signature)}`;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

// --- A minimal X.509 v3 certificate (RFC 5280 §4.1) in DER, self-signed with ECDSA P-256/SHA-256.

const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const OID_COMMON_NAME = '2.5.4.3';

function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject, commonName: string): Buffer {
  const name = seq(set(seq(oid(OID_COMMON_NAME), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
  const algorithm = seq(oid(OID_ECDSA_WITH_SHA256));
  const now = Date.now();
  // A positive serial: the high bit of the first byte cleared.
  const serial = createHash('sha256').update(randomUUID()).digest().subarray(0, 16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    algorithm,
    name,
    seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 24 * 3600_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  return seq(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  const length = body.length < 0x80 ? Buffer.from([body.length]) : lengthBytes(body.length);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

function lengthBytes(length: number): Buffer {
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function seq(...contents: Buffer[]): Buffer {
  return tlv(0x30, ...contents);
}

function set(...contents: Buffer[]): Buffer {
  return tlv(0x31, ...contents);
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups: number[] = [];
    for (let value = arc; ; value = Math.floor(value / 128)) {
      groups.unshift(value % 128);
      if (value < 128) break;
    }
    bytes.push(...groups.map((group, i) => (i < groups.length - 1 ? group | 0x80 : group)));
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-11-22T18:35:24.356Z
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}
