/**
 * Label and field selectors as the Kubernetes API server parses them from the
 * `labelSelector` and `fieldSelector` query parameters.
 */
import type { KubeResource } from './kube-api-resources.js';

/** A selector the server cannot understand; the server answers 400 BadRequest. */
export class SelectorError extends Error {}

export type ObjectPredicate = (object: Record<string, unknown>) => boolean;

/** Splits on commas that are not inside `(...)`, so `a in (x,y),b` is two terms. */
function terms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  out.push(current.trim());
  return out.filter((t) => t !== '');
}

const LABEL_KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const EQUALITY_TERM = new RegExp(`^(${LABEL_KEY})\\s*(==|=|!=)\\s*([-A-Za-z0-9_.]*)$`);
const SET_TERM = new RegExp(`^(${LABEL_KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`);
const EXISTS_TERM = new RegExp(`^(!?)(${LABEL_KEY})$`);

type LabelTest = (labels: Readonly<Record<string, string>>) => boolean;

function labelTerm(term: string): LabelTest {
  const equality = EQUALITY_TERM.exec(term);
  if (equality) {
    const [, key = '', , op, value = ''] = equality;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  const set = SET_TERM.exec(term);
  if (set) {
    const [, key = '', , op, list = ''] = set;
    const values = list.split(',').map((v) => v.trim());
    return op === 'in' ? (l) => l[key] !== undefined && values.includes(l[key]) : (l) => l[key] === undefined || !values.includes(l[key]);
  }
  const exists = EXISTS_TERM.exec(term);
  if (exists) {
    const [, not, key = ''] = exists;
    return not === '!' ? (l) => !Object.hasOwn(l, key) : (l) => Object.hasOwn(l, key);
  }
  throw new SelectorError(`unable to parse requirement: ${JSON.stringify(term)}`);
}

export function labelSelector(text: string): ObjectPredicate {
  const tests = terms(text).map(labelTerm);
  return (object) => {
    const metadata = (object.metadata ?? {}) as { labels?: Record<string, string> };
    const labels = metadata.labels ?? {};
    return tests.every((test) => test(labels));
  };
}

const FIELD_TERM = /^([A-Za-z.]+)\s*(==|=|!=)\s*(.*)$/;

function fieldValue(object: Record<string, unknown>, path: string): string {
  let node: unknown = object;
  for (const part of path.split('.')) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  if (node === undefined || node === null) return '';
  // Real fields selectable this way are strings or booleans (spec.unschedulable).
  return typeof node === 'object' ? JSON.stringify(node) : String(node);
}

export function fieldSelector(text: string, resource: KubeResource): ObjectPredicate {
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...resource.selectableFields]);
  const tests = terms(text).map((term) => {
    const match = FIELD_TERM.exec(term);
    if (!match) throw new SelectorError(`invalid field selector term: ${JSON.stringify(term)}`);
    const [, field = '', op, value = ''] = match;
    if (!allowed.has(field)) throw new SelectorError(`field label not supported: ${field}`);
    return op === '!=' ? (o: Record<string, unknown>) => fieldValue(o, field) !== value : (o: Record<string, unknown>) => fieldValue(o, field) === value;
  });
  return (object) => tests.every((test) => test(object));
}
