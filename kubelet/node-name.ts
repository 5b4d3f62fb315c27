import { createHash } from 'node:crypto';

/** Kubernetes object names are DNS-1123 subdomains: at most 253 characters (k8s.io/apimachinery validation). */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
export const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL}(\\.${DNS1123_LABEL})*$`);

/** Hex digits of the suffix that keeps changed names apart: 8 gives 2^32 names, enough for any fleet. */
const SUFFIX_HEX_DIGITS = 8;

/**
 * The node name of `thing`: `<prefix>-<thing>` when that is already a DNS-1123 subdomain,
 * otherwise its closest lowercase DNS-1123 form plus `-<hash>` of the original, so that
 * things differing only in case or in characters Kubernetes refuses ("Dev_1", "dev.1")
 * still get distinct, stable names. An empty prefix gives just the thing.
 */
export function nodeNameFromThing(prefix: string, thing: string): string {
  const wanted = prefix === '' ? thing : `${prefix}-${thing}`;
  if (wanted.length <= DNS1123_SUBDOMAIN_MAX_LENGTH && DNS1123_SUBDOMAIN.test(wanted)) return wanted;
  const suffix = createHash('sha256').update(wanted).digest('hex').slice(0, SUFFIX_HEX_DIGITS);
  const room = DNS1123_SUBDOMAIN_MAX_LENGTH - suffix.length - 1;
  const base = trimToLabels(closestSubdomain(wanted).slice(0, room));
  return base === '' ? suffix : `${base}-${suffix}`;
}

/** Lowercase, every other character refused by DNS-1123 as '-', labels trimmed of '-', empty labels dropped. */
function closestSubdomain(name: string): string {
  return trimToLabels(name.toLowerCase().replace(/[^a-z0-9.-]/g, '-'));
}

function trimToLabels(name: string): string {
  return name
    .split('.')
    .map((label) => label.replace(/^-+|-+$/g, ''))
    .filter((label) => label !== '')
    .join('.');
}
