// The temperature service as a plain Linux container: the same HTTP API (adapters/README.md)
// the communication adapter serves for the embServe build of this service. node:http only.
//
//   PORT=8080 node server.mjs
//
// Environment: PORT (default 8080), THING (the name GET /v1 reports; default the host name),
// SAMPLE_INTERVAL_MS (how often the sensor is read, default 1000).
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { hostname } from 'node:os';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { URL } from 'node:url';

const PORT = Number(process.env.PORT ?? 8080);
const THING = process.env.THING || hostname();
const SAMPLE_INTERVAL_MS = Number(process.env.SAMPLE_INTERVAL_MS ?? 1000);
const MAX_BODY_BYTES = 64 * 1024;
const HEARTBEAT_MS = 15_000;

const OBJECT = 'Temperature';
const INSTANCE = '0';
const RESET_ACTION = 'Reset_Min_and_Max_Measured_Values';

/** A room temperature in °C: a bounded random walk with a little noise, two decimals, as the simulated board reports. */
const sensor = {
  walk: 0,
  value: 0,
  min: 0,
  max: 0,
  read() {
    this.walk = Math.max(-2, Math.min(2, this.walk + (Math.random() - 0.5) * 0.2));
    this.value = Math.round((22.5 + this.walk + (Math.random() - 0.5) * 0.1) * 100) / 100;
    this.min = Math.min(this.min, this.value);
    this.max = Math.max(this.max, this.value);
  },
  reset() {
    this.min = this.value;
    this.max = this.value;
  },
};
sensor.read();
sensor.reset();

/** Properties of Temperature/0 as the SDF model names them; `read` gives the JSON value. */
const PROPERTIES = {
  Sensor_Value: () => sensor.value,
  Min_Measured_Value: () => sensor.min,
  Max_Measured_Value: () => sensor.max,
  Sensor_Units: () => 'Cel',
};

class HttpError extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/** Every open event stream, by property. */
const streams = new Map(Object.keys(PROPERTIES).map((name) => [name, new Set()]));

const sendJson = (res, status, body, headers = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers }).end(text);
};
const event = (name) => ({ value: PROPERTIES[name](), time: new Date().toISOString() });
const writeEvent = (stream, data) => stream.res.write(`id: ${++stream.seq}\ndata: ${JSON.stringify(data)}\n\n`);

function tick() {
  const before = Object.fromEntries(Object.entries(PROPERTIES).map(([name, read]) => [name, read()]));
  sensor.read();
  notifyChanged(before);
}

/** Like an LwM2M observation: a stream hears of a property when its value changes. */
function notifyChanged(before) {
  for (const [name, read] of Object.entries(PROPERTIES)) {
    if (read() === before[name]) continue;
    for (const stream of streams.get(name)) writeEvent(stream, event(name));
  }
}

async function readJson(req) {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) throw new HttpError(415, `the body must be application/json, not ${type}`);
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`, { connection: 'close' });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `the body is not JSON: ${err.message}`);
  }
}

function allow(req, methods, path) {
  if (!methods.includes(req.method)) throw new HttpError(405, `${req.method} is not allowed on ${path}; use ${methods.join(' or ')}`, { allow: methods.join(', ') });
}

function property(name) {
  if (!(name in PROPERTIES)) throw new HttpError(404, `${OBJECT}/${INSTANCE}/${name} on ${THING}: ${OBJECT} has no property ${name}`);
  return name;
}

function stream(req, res, name) {
  const entry = { res, seq: 0 };
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  writeEvent(entry, event(name));
  streams.get(name).add(entry);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS).unref();
  res.once('close', () => {
    clearInterval(heartbeat);
    streams.get(name).delete(entry);
  });
}

async function route(req, res) {
  const path = new URL(req.url ?? '/', 'http://service').pathname;
  if (path === '/healthz') return allow(req, ['GET', 'HEAD'], path), sendJson(res, 200, { status: 'ok' });
  // No device behind this one: ready as soon as it serves.
  if (path === '/readyz') return allow(req, ['GET', 'HEAD'], path), sendJson(res, 200, { status: 'ready', thing: THING });
  if (path === '/v1' || path === '/v1/') return allow(req, ['GET', 'HEAD'], path), sendJson(res, 200, { thing: THING, objects: { [OBJECT]: [INSTANCE] } });
  let segments = [];
  try {
    if (path.startsWith('/v1/')) segments = path.slice(4).split('/').map(decodeURIComponent);
  } catch {
    throw new HttpError(400, `the path ${path} is not valid percent-encoding`);
  }
  const [object, instance, first, second, ...extra] = segments;
  if (object === undefined || instance === undefined || first === undefined || first === '' || extra.length > 0) {
    throw new HttpError(404, `no such path ${path}: use /v1/{Object}/{instance}/{Property}[/stream] or /v1/{Object}/{instance}/actions/{Action}`);
  }
  if (object !== OBJECT) throw new HttpError(404, `${object}/${instance}/${first} on ${THING}: ${THING} has no object ${object}`);
  if (instance !== INSTANCE) throw new HttpError(404, `${object}/${instance}/${first} on ${THING}: ${object} has no instance ${instance}`);
  if (first === 'actions' && second !== undefined) {
    allow(req, ['POST'], path);
    if (second !== RESET_ACTION) throw new HttpError(404, `${object}/${instance}/actions/${second} on ${THING}: ${object} has no action ${second}`);
    const body = await readJson(req);
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) throw new HttpError(400, 'the body of an action must be a JSON object {"argument": "..."} or empty');
    const before = { Min_Measured_Value: sensor.min, Max_Measured_Value: sensor.max };
    sensor.reset();
    notifyChanged({ ...Object.fromEntries(Object.entries(PROPERTIES).map(([n, read]) => [n, read()])), ...before });
    return res.writeHead(204).end();
  }
  if (second === 'stream') {
    allow(req, ['GET'], path);
    return stream(req, res, property(first));
  }
  if (second !== undefined) throw new HttpError(404, `no such path ${path}: after a property only /stream may follow`);
  allow(req, ['GET', 'HEAD', 'PUT'], path);
  const name = property(first);
  if (req.method === 'PUT') {
    const body = await readJson(req);
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !('value' in body)) throw new HttpError(400, 'the body must be a JSON object {"value": ...}');
    // Every property of this service is a measurement: none can be written, as on the device.
    throw new HttpError(400, `${OBJECT}/${INSTANCE}/${name} cannot be written: ${name} is read-only`);
  }
  return sendJson(res, 200, { value: PROPERTIES[name]() });
}

const server = http.createServer((req, res) => {
  route(req, res).catch((err) => {
    const status = err instanceof HttpError ? err.status : 500;
    const message = err instanceof HttpError ? err.message : 'internal error';
    if (status === 500) process.stderr.write(`${JSON.stringify({ level: 'error', msg: String(err?.stack ?? err) })}\n`);
    if (res.headersSent) return res.destroy();
    sendJson(res, status, { error: message }, err.headers ?? {});
  });
});

const timer = setInterval(tick, SAMPLE_INTERVAL_MS);
server.listen(PORT, () => process.stdout.write(`${JSON.stringify({ level: 'info', msg: `temperature service on port ${server.address().port}`, port: server.address().port })}\n`));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    clearInterval(timer);
    for (const set of streams.values()) for (const entry of set) entry.res.end();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
