/**
 * Whether a new value of a numeric resource is worth a notification under gt/lt/st
 * (Core §5.1.2). Crossings and steps are measured against the last *notified* value, so
 * a slow drift past a threshold is still reported once, and a change deferred by pmin
 * is not lost.
 */
import type { NotificationAttributes } from './attributes.js';

export function changeValueConditionsMet(attrs: NotificationAttributes, lastNotified: number, current: number): boolean {
  const { gt, lt, st } = attrs;
  if (gt === undefined && lt === undefined && st === undefined) return current !== lastNotified;
  // The conditions are alternatives: any one met is enough.
  if (gt !== undefined && lastNotified > gt !== current > gt) return true;
  if (lt !== undefined && lastNotified < lt !== current < lt) return true;
  if (st !== undefined && Math.abs(current - lastNotified) >= st) return true;
  return false;
}
