/**
 * Notification attributes (LwM2M 1.1 Core §5.1.2) and the rules a Write-Attributes
 * request must satisfy. Periods are in seconds.
 */

export interface NotificationAttributes {
  /** Minimum period between notifications, s. */
  readonly pmin?: number;
  /** Maximum period between notifications, s; ignored when lower than pmin (§5.1.2). */
  readonly pmax?: number;
  /** Greater-than threshold: notify when the value crosses it. */
  readonly gt?: number;
  /** Less-than threshold: notify when the value crosses it. */
  readonly lt?: number;
  /** Step: notify when the value moved by at least this much since the last notification. */
  readonly st?: number;
  /** Minimum evaluation period, s (stored and reported; the simulator samples on change). */
  readonly epmin?: number;
  /** Maximum evaluation period, s (stored and reported). */
  readonly epmax?: number;
}

export type AttributeName = keyof NotificationAttributes;

/** What a Write-Attributes request carries: a number sets an attribute, `null` removes it. */
export type AttributePatch = { readonly [K in AttributeName]?: number | null };

/** Order in which attributes appear in link-format output. */
export const ATTRIBUTE_NAMES: readonly AttributeName[] = ['pmin', 'pmax', 'gt', 'lt', 'st', 'epmin', 'epmax'];

const PERIODS: ReadonlySet<AttributeName> = new Set(['pmin', 'pmax', 'epmin', 'epmax']);

/** gt, lt and st are "change value conditions": numeric resources only (§5.1.2). */
export const CHANGE_VALUE_CONDITIONS: ReadonlySet<AttributeName> = new Set(['gt', 'lt', 'st']);

function validValue(name: AttributeName, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (PERIODS.has(name)) return Number.isInteger(value) && value >= 0;
  if (name === 'st') return value >= 0;
  return true;
}

/**
 * Checks a patch on its own: known names, sane numbers, and change value conditions only
 * where they can apply (a numeric Resource or Resource Instance).
 */
export function patchIsValid(patch: AttributePatch, onNumericResource: boolean): boolean {
  for (const [name, value] of Object.entries(patch) as [string, number | null | undefined][]) {
    if (!(ATTRIBUTE_NAMES as readonly string[]).includes(name)) return false;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number' || !validValue(name as AttributeName, value)) return false;
    if (CHANGE_VALUE_CONDITIONS.has(name as AttributeName) && !onNumericResource) return false;
  }
  return true;
}

export function applyPatch(current: NotificationAttributes, patch: AttributePatch): NotificationAttributes {
  const next: Record<string, number> = { ...current };
  for (const name of ATTRIBUTE_NAMES) {
    const value = patch[name];
    if (value === null) delete next[name];
    else if (value !== undefined) next[name] = value;
  }
  return next;
}

/** Core §5.1.2: when both are present lt < gt, and with a step also lt + 2*st < gt. */
export function thresholdsConsistent(attrs: NotificationAttributes): boolean {
  const { gt, lt, st } = attrs;
  if (gt === undefined || lt === undefined) return true;
  if (!(lt < gt)) return false;
  return st === undefined || lt + 2 * st < gt;
}

/** Lower levels override higher ones: object → instance → resource → resource instance. */
export function mergeLevels(levels: readonly NotificationAttributes[]): NotificationAttributes {
  return Object.assign({}, ...levels) as NotificationAttributes;
}

export function isEmpty(attrs: NotificationAttributes): boolean {
  return ATTRIBUTE_NAMES.every((name) => attrs[name] === undefined);
}
