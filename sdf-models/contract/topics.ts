import { invalidInput } from '../../errors/index.js';

/**
 * The SDF-over-MQTT topic grammar (sdf-models/CONTRACT.md "Topics"). Every topic may sit
 * under a prefix (`<prefix>/<topic>`); the prefix itself may span several levels.
 */

/** Single-level topics that are not things, so no thing may take their names. */
export const RESERVED_TOPICS = {
  ANNOUNCE: 'announce',
  UNREGISTER: 'unregister',
  THINGS: 'things',
} as const;

/** The fourth level of a property or action topic. */
export const AFFORDANCE_LEVEL = {
  PROPERTY: 'Property',
  ACTION: 'Action',
} as const;

/** A request (or notification) topic, from the whole thing down to one property or action. */
export type SdfTopic =
  | { readonly level: 'thing'; readonly thing: string }
  | { readonly level: 'object'; readonly thing: string; readonly object: string }
  | { readonly level: 'instance'; readonly thing: string; readonly object: string; readonly instance: string }
  | { readonly level: 'property'; readonly thing: string; readonly object: string; readonly instance: string; readonly property: string }
  | { readonly level: 'action'; readonly thing: string; readonly object: string; readonly instance: string; readonly action: string };

/** The topics START_OBSERVE applies to, and that notifications are published on. */
export type SdfObservableTopic = Extract<SdfTopic, { level: 'instance' | 'property' }>;

const RESERVED: ReadonlySet<string> = new Set(Object.values(RESERVED_TOPICS));

/**
 * One topic level naming an object, instance, property or action: non-empty, without the
 * MQTT wildcards or separator, and without U+0000, which MQTT 3.1.1 §1.5.3 forbids in any string.
 */
export function isValidName(name: string): boolean {
  return isValidTopicName(name) && !name.includes('/');
}

/** A topic one may publish to: non-empty, no wildcards (MQTT 3.1.1 §4.7.1), no U+0000. */
export function isValidTopicName(topic: string): boolean {
  return topic.length > 0 && !/[+#]/.test(topic) && !topic.includes('\u0000');
}

/**
 * A thing name: a valid name that is not a reserved topic. A leading `$` is refused too:
 * wildcard filters never match topics starting with `$` (MQTT 3.1.1 §4.7.2), so without a
 * prefix such a thing could never be reached.
 */
export function isValidThingName(name: string): boolean {
  return isValidName(name) && !RESERVED.has(name) && !name.startsWith('$');
}

/** A prefix: one or more valid levels joined by `/`. */
export function isValidTopicPrefix(prefix: string): boolean {
  return prefix.split('/').every(isValidName);
}

/** `topic` under `prefix`, or `topic` itself when there is no prefix. */
export function withPrefix(topic: string, prefix?: string): string {
  if (prefix === undefined || prefix === '') return topic;
  if (!isValidTopicPrefix(prefix)) throw invalidInput(`invalid SDF topic prefix ${JSON.stringify(prefix)}`);
  return `${prefix}/${topic}`;
}

/** `topic` with `prefix` removed, or undefined when it is not under that prefix. */
function withoutPrefix(topic: string, prefix?: string): string | undefined {
  if (prefix === undefined || prefix === '') return topic;
  const head = `${prefix}/`;
  return topic.startsWith(head) ? topic.slice(head.length) : undefined;
}

export function announceTopic(prefix?: string): string {
  return withPrefix(RESERVED_TOPICS.ANNOUNCE, prefix);
}

export function unregisterTopic(prefix?: string): string {
  return withPrefix(RESERVED_TOPICS.UNREGISTER, prefix);
}

export function thingsTopic(prefix?: string): string {
  return withPrefix(RESERVED_TOPICS.THINGS, prefix);
}

/**
 * The filters a gateway subscribes to for requests: one per depth of SdfTopic (1, 2, 3
 * and 5 levels). The single-level filter also matches `things` (and the gateway's own
 * announce/unregister), so `things` needs no filter of its own; subscribing to it as
 * well could get each list request delivered twice.
 */
export function requestSubscriptions(prefix?: string): string[] {
  return ['+', '+/+', '+/+/+', '+/+/+/+/+'].map((filter) => withPrefix(filter, prefix));
}

/** The SdfTopic `topic` names, or undefined for announce/unregister/things and anything malformed. */
export function parseSdfTopic(topic: string, prefix?: string): SdfTopic | undefined {
  const rest = withoutPrefix(topic, prefix);
  if (rest === undefined) return undefined;
  const levels = rest.split('/');
  if (!levels.every(isValidName)) return undefined;
  const [thing, object, instance, affordance, name] = levels;
  if (thing === undefined || !isValidThingName(thing)) return undefined;
  switch (levels.length) {
    case 1:
      return { level: 'thing', thing };
    case 2:
      return object === undefined ? undefined : { level: 'object', thing, object };
    case 3:
      return object === undefined || instance === undefined ? undefined : { level: 'instance', thing, object, instance };
    case 5:
      if (object === undefined || instance === undefined || name === undefined) return undefined;
      if (affordance === AFFORDANCE_LEVEL.PROPERTY) return { level: 'property', thing, object, instance, property: name };
      if (affordance === AFFORDANCE_LEVEL.ACTION) return { level: 'action', thing, object, instance, action: name };
      return undefined;
    default:
      return undefined;
  }
}

/** The MQTT topic of `t`; throws FarsideError INVALID_INPUT when a name could not be parsed back. */
export function formatSdfTopic(t: SdfTopic, prefix?: string): string {
  const levels = levelsOf(t);
  const [thing, ...names] = levels;
  if (thing === undefined || !isValidThingName(thing)) throw invalidInput(`invalid SDF thing name ${JSON.stringify(thing)}`);
  const bad = names.find((name) => !isValidName(name));
  if (bad !== undefined) throw invalidInput(`invalid SDF name ${JSON.stringify(bad)} in a ${t.level} topic`);
  return withPrefix(levels.join('/'), prefix);
}

function levelsOf(t: SdfTopic): string[] {
  switch (t.level) {
    case 'thing':
      return [t.thing];
    case 'object':
      return [t.thing, t.object];
    case 'instance':
      return [t.thing, t.object, t.instance];
    case 'property':
      return [t.thing, t.object, t.instance, AFFORDANCE_LEVEL.PROPERTY, t.property];
    case 'action':
      return [t.thing, t.object, t.instance, AFFORDANCE_LEVEL.ACTION, t.action];
    default: {
      const unknownLevel: never = t;
      throw invalidInput(`unknown SDF topic level ${JSON.stringify((unknownLevel as { level?: unknown }).level)}`);
    }
  }
}
