/**
 * Canonical JSON `oms/1`: defaults applied, keys sorted, set-like arrays sorted and de-duplicated.
 * The same ontology always gives the same bytes, so content hashes and diffs mean something.
 */
import { digest } from 'lib0/hash/sha256';
import { toBase64 } from 'lib0/buffer';
import { encodeUtf8 } from 'lib0/string';
import { ModelError } from '../errors';
import { Ontology } from './schema';

export interface ModelIssue {
  path: string;
  message: string;
}

/** Parse anything (a file's JSON, an IPC payload) into an Ontology in canonical shape, or throw MODEL_INVALID. */
export function parseOntology(input: unknown): Ontology {
  const result = Ontology.safeParse(input);
  if (!result.success) {
    const issues: ModelIssue[] = result.error.issues.slice(0, 50).map((i) => ({
      path: i.path.map(String).join('/'),
      message: i.message,
    }));
    const first = issues[0];
    throw new ModelError(
      'MODEL_INVALID',
      `not a valid oms/1 ontology${first ? `: ${first.path || '(root)'}: ${first.message}` : ''}`,
      { issues, issueCount: result.error.issues.length },
    );
  }
  return canonicalize(result.data);
}

function sortedSet(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}

/** Normalise set-valued arrays in place order-independently; returns a new object. */
export function canonicalize(o: Ontology): Ontology {
  const objectTypes: Ontology['objectTypes'] = {};
  for (const [id, ot] of Object.entries(o.objectTypes)) objectTypes[id] = { ...ot, implements: sortedSet(ot.implements) };
  const interfaces: Ontology['interfaces'] = {};
  for (const [id, itf] of Object.entries(o.interfaces)) {
    interfaces[id] = { ...itf, extends: sortedSet(itf.extends), properties: sortedSet(itf.properties) };
  }
  const valueTypes: Ontology['valueTypes'] = {};
  for (const [id, vt] of Object.entries(o.valueTypes)) {
    const e = vt.constraints.enum;
    valueTypes[id] = e ? { ...vt, constraints: { ...vt.constraints, enum: dedupeEnum(e) } } : vt;
  }
  return { ...o, objectTypes, interfaces, valueTypes };
}

/** Enum values keep the author's order (it is meaningful to readers) but lose duplicates. */
function dedupeEnum(values: readonly (string | number)[]): (string | number)[] {
  const seen = new Set<string>();
  const out: (string | number)[] = [];
  for (const v of values) {
    const k = `${typeof v}:${v}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

/** JSON with object keys sorted at every level; `undefined` members are dropped like JSON.stringify does. */
export function stableStringify(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeysDeep(value), null, indent);
}

export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}

/**
 * Canonical bytes of a parsed ontology (compact unless `pretty`, which `oms fmt` writes with a
 * final newline). Takes a parsed Ontology so hot paths do not re-validate; use parseOntology first.
 */
export function canonicalJson(o: Ontology, options: { pretty?: boolean } = {}): string {
  const parsed = canonicalize(o);
  return options.pretty ? `${stableStringify(parsed, 2)}\n` : stableStringify(parsed);
}

/** sha256 of canonical compact JSON (or of any JSON value by the same rules), as `sha256-<base64url>`. */
export function contentHash(value: unknown): string {
  const text = typeof value === 'string' ? value : stableStringify(value);
  return hashBytes(encodeUtf8(text));
}

export function hashBytes(bytes: Uint8Array): string {
  return `sha256-${toBase64(digest(bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

export function emptyOntology(name: string): Ontology {
  return Ontology.parse({ format: 'oms/1', name });
}
