import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { packageUrl, type PackageFetch } from './package-download.js';
import { board, bytesOf, server, temperatureService, value } from './test-fixture.js';

let http: Server;
let base: string;

beforeAll(async () => {
  http = createServer((request, response) => {
    if (request.url === '/temperature.json') return void response.end(bytesOf(temperatureService()));
    if (request.url === '/broken.json') return void response.end('{"name":');
    if (request.url === '/cut') {
      response.writeHead(200, { 'content-length': '5000' });
      response.write('{"name":"x"');
      return void setTimeout(() => response.socket?.destroy(), 10);
    }
    response.statusCode = 404;
    response.end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

const settled = async (tree: ReturnType<typeof board>['tree'], id: number): Promise<void> => {
  await vi.waitFor(() => expect(value(tree, [9, id, 7])).not.toBe(1), { timeout: 5000, interval: 5 });
};

describe('Package URI downloads', () => {
  it('downloads a package over http, going through DOWNLOAD STARTED to DELIVERED', async () => {
    const { tree } = board();
    const id = server.create(tree);
    expect(server.writeUri(tree, id, `${base}/temperature.json`)).toBe('2.04');
    expect([value(tree, [9, id, 7]), value(tree, [9, id, 9])]).toEqual([1, 1]);
    expect(server.writePackage(tree, id, bytesOf(temperatureService()))).toBe('4.05');
    await settled(tree, id);
    expect([value(tree, [9, id, 7]), value(tree, [9, id, 9]), value(tree, [9, id, 0])]).toEqual([3, 3, 'temperature']);
    expect(server.execute(tree, id, 4)).toBe('2.04');
  });

  it('refuses a URI it cannot fetch with Update Result 56 and stays INITIAL', () => {
    const { tree } = board();
    const id = server.create(tree);
    for (const uri of ['coap://127.0.0.1/s.json', 'ftp://host/s', 'not a uri']) {
      expect(server.writeUri(tree, id, uri)).toBe('2.04');
      expect([value(tree, [9, id, 7]), value(tree, [9, id, 9])]).toEqual([0, 56]);
    }
    // Longer than OMA's 255 bytes: the write itself is refused.
    expect(server.writeUri(tree, id, `http://h/${'a'.repeat(300)}`)).toBe('4.00');
    expect(packageUrl('https://registry.local/p.json')?.hostname).toBe('registry.local');
  });

  it('answers a missing package with 56, a broken one with 53 and a cut download with 52', async () => {
    const { tree, runtime } = board();
    const flashFree = runtime.memory.report().flashFree;
    for (const [path, result] of [['/missing.json', 56], ['/broken.json', 53], ['/cut', 52]] as const) {
      const id = server.create(tree);
      server.writeUri(tree, id, `${base}${path}`);
      await settled(tree, id);
      expect([value(tree, [9, id, 7]), value(tree, [9, id, 9])]).toEqual([0, result]);
    }
    expect(runtime.memory.report().flashFree).toBe(flashFree);
  });

  it('gives up with 52 when the download outlasts its timeout, and with 50 when the package is too large', async () => {
    const hanging: PackageFetch = (_url, { signal }) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const slow = board({ fetch: hanging, downloadTimeoutMs: 1000 });
    const id = server.create(slow.tree);
    server.writeUri(slow.tree, id, 'http://example.invalid/p.json');
    slow.clock.advance(1000);
    await settled(slow.tree, id);
    expect(value(slow.tree, [9, id, 9])).toBe(52);
    expect(slow.runtime.log.recent(1)[0]).toMatch(/download failed: no complete answer within 1000 ms/);

    const huge: PackageFetch = async () => new Response('{}', { headers: { 'content-length': String(64 * 1024 * 1024) } });
    const big = board({ fetch: huge });
    const other = server.create(big.tree);
    server.writeUri(big.tree, other, 'http://example.invalid/p.json');
    await settled(big.tree, other);
    expect(value(big.tree, [9, other, 9])).toBe(50);
  });

  it('forgets a download whose instance was deleted, and ends one at power-off with 52', async () => {
    let release: (r: Response) => void = () => undefined;
    const held: PackageFetch = () => new Promise((resolve) => (release = resolve));
    const { tree, runtime } = board({ fetch: held });
    const id = server.create(tree);
    server.writeUri(tree, id, 'http://example.invalid/p.json');
    expect(tree.delete([9, id]).code).toBe('2.02');
    release(new Response(bytesOf(temperatureService())));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runtime.memory.report().flashFree).toBe(board().runtime.memory.report().flashFree);

    const next = server.create(tree);
    server.writeUri(tree, next, 'http://example.invalid/p.json');
    runtime.powerOff();
    expect([value(tree, [9, next, 7]), value(tree, [9, next, 9])]).toEqual([0, 52]);
  });
});
