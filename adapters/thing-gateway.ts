import { isSdfSuccess, sdfErrorTitle, type SdfResponse, type SdfTopic, type SdfValue } from '../sdf-models/index.js';
import { HttpError, HTTP_STATUS } from './http-error.js';
import { addressText, type ResourceAddress } from './routes.js';
import type { AdapterSdf } from './sdf-port.js';
import { httpStatusFromSdfCode } from './status-from-sdf.js';
import { jsonFromSdf, kindOfTypedValue, sdfFromJson, type JsonValue, type ValueKind } from './values.js';

/** Instance labels by SDF object name. */
export type ObjectInstances = Readonly<Record<string, readonly string[]>>;

/** How long a readiness or description look-up of the gateway's thing list may take, in ms. */
const THINGS_TIMEOUT_MS = 2_000;

/** The value of `address` in a reply or notification body of `thing`, or undefined when it holds none. */
export function valueIn(body: SdfResponse | { readonly sdfObject?: SdfResponse['sdfObject'] } | undefined, address: ResourceAddress): SdfValue | undefined {
  const instance = body?.sdfObject?.[address.object]?.find((i) => i.label === address.instance);
  return instance?.sdfProperty?.[address.name];
}

/**
 * One thing's properties and actions through SDF over MQTT, with the API's value types.
 * Error replies become HttpErrors with the status RFC 8075 gives their code and a message
 * naming the resource; transport failures stay FarsideErrors (timeouts are 504, closing 503).
 */
export class ThingGateway {
  readonly #sdf: AdapterSdf;
  readonly thing: string;
  /** Kinds by `Object/Property`: types belong to the object model, not the instance. */
  readonly #kinds = new Map<string, ValueKind>();

  constructor(sdf: AdapterSdf, thing: string) {
    this.#sdf = sdf;
    this.thing = thing;
  }

  /** Throws HttpError 503 unless the MQTT connection is up, so requests fail at once instead of waiting out their timeout. */
  requireConnected(): void {
    if (this.#sdf.state !== 'ready') throw new HttpError(HTTP_STATUS.SERVICE_UNAVAILABLE, `not connected to the MQTT broker (client ${this.#sdf.state})`);
  }

  /** The thing's objects and instance labels as the gateway lists them; undefined when the gateway does not know the thing now. */
  async objects(): Promise<ObjectInstances | undefined> {
    this.requireConnected();
    const reply = await this.#sdf.things({ timeoutMs: THINGS_TIMEOUT_MS });
    if (!isSdfSuccess(reply.response_code)) throw this.errorOf(reply, `the gateway's thing list`);
    const thing = reply.things?.[this.thing];
    if (thing === undefined) return undefined;
    return Object.fromEntries(Object.entries(thing.sdfObject).map(([object, instances]) => [object, instances.map((i) => i.label)]));
  }

  /** The current value of a property. */
  async read(address: ResourceAddress): Promise<JsonValue> {
    this.requireConnected();
    let kind = this.#kinds.get(kindKey(address));
    if (kind === undefined) {
      const typed = await this.#get(address, 'typed');
      kind = this.learn(address, typed);
      // A typed number or boolean is already the answer; text needs compat, where opaque is hex.
      if (kind === 'number' || kind === 'boolean') return jsonFromSdf(typed ?? null, kind);
    }
    return jsonFromSdf((await this.#get(address, 'compat')) ?? null, kind);
  }

  /** The kind of a property, reading it once (in typed mode) when not yet known; undefined when it cannot be read. */
  async kindOf(address: ResourceAddress): Promise<ValueKind | undefined> {
    const known = this.#kinds.get(kindKey(address));
    if (known !== undefined) return known;
    try {
      return this.learn(address, await this.#get(address, 'typed'));
    } catch (err) {
      // Write-only properties cannot be read: the gateway checks what is written to them.
      if (err instanceof HttpError && err.status < HTTP_STATUS.INTERNAL_SERVER_ERROR) return undefined;
      throw err;
    }
  }

  /** Writes `value` (API JSON) to a property. */
  async write(address: ResourceAddress, value: unknown): Promise<void> {
    this.requireConnected();
    const data = sdfFromJson(value, await this.kindOf(address), addressText(address));
    const reply = await this.#sdf.request(this.propertyTopic(address), 'POST', data);
    if (isSdfSuccess(reply.response_code)) return;
    // Over CoAP a write to a read-only resource is 4.05; over this API it is a bad request, not a wrong method (PUT is how values are written).
    if (reply.response_code === 133) throw new HttpError(HTTP_STATUS.BAD_REQUEST, `${addressText(address)} cannot be written: ${reply.error?.detail ?? 'it is read-only'}`);
    throw this.errorOf(reply, addressText(address));
  }

  /** Executes an action, with an optional argument string. */
  async execute(address: ResourceAddress, argument: string | undefined): Promise<void> {
    this.requireConnected();
    const reply = await this.#sdf.request(this.#actionTopic(address), 'POST', argument);
    if (!isSdfSuccess(reply.response_code)) throw this.errorOf(reply, `${address.object}/${address.instance}/actions/${address.name}`);
  }

  /** The kind of `address` if known. */
  knownKind(address: ResourceAddress): ValueKind | undefined {
    return this.#kinds.get(kindKey(address));
  }

  /** Records the kind a typed reading shows; returns it (undefined when the value tells nothing). */
  learn(address: ResourceAddress, typedValue: SdfValue | undefined): ValueKind | undefined {
    const kind = kindOfTypedValue(typedValue);
    if (kind !== undefined) this.#kinds.set(kindKey(address), kind);
    return kind;
  }

  async #get(address: ResourceAddress, values: 'typed' | 'compat'): Promise<SdfValue | undefined> {
    const reply = await this.#sdf.request(this.propertyTopic(address), 'GET', undefined, { values });
    if (!isSdfSuccess(reply.response_code)) throw this.errorOf(reply, addressText(address));
    return valueIn(reply, address);
  }

  propertyTopic(address: ResourceAddress): Extract<SdfTopic, { level: 'property' }> {
    return { level: 'property', thing: this.thing, object: address.object, instance: address.instance, property: address.name };
  }

  #actionTopic(address: ResourceAddress): SdfTopic {
    return { level: 'action', thing: this.thing, object: address.object, instance: address.instance, action: address.name };
  }

  /** An SDF error reply as an HttpError naming `what`. */
  errorOf(reply: SdfResponse, what: string): HttpError {
    const reason = reply.error?.detail ?? reply.error?.title ?? sdfErrorTitle(reply.response_code);
    return new HttpError(httpStatusFromSdfCode(reply.response_code), `${what} on ${this.thing}: ${reason}`);
  }
}

function kindKey(address: ResourceAddress): string {
  return `${address.object}/${address.name}`;
}
