/**
 * Stable per-device identity derived from the endpoint name, so a fleet of simulated
 * devices gets distinct serial numbers and addresses that survive restarts.
 */
import { createHash } from 'node:crypto';

function digest(endpoint: string): string {
  return createHash('sha256').update(endpoint).digest('hex');
}

/** E.g. `SN-3F9A0C12D4E7`. */
export function serialNumberFromEndpoint(endpoint: string): string {
  return `SN-${digest(endpoint).slice(0, 12).toUpperCase()}`;
}

/** A unique-local IPv6 address (RFC 4193 `fd00::/8`) whose interface id comes from the endpoint. */
export function ipv6FromEndpoint(endpoint: string): string {
  const hex = digest(endpoint);
  const groups = [0, 4, 8, 12].map((i) => Number.parseInt(hex.slice(i, i + 4), 16).toString(16));
  return `fd00::${groups.join(':')}`;
}
