/**
 * How much of a source graph survives import → export: the share of the SOURCE's triples present
 * in the re-export. Blank nodes have no identity across files, so each is replaced by a structural
 * hash of the subtree below it (its outgoing triples, recursively): a restriction or list counts as
 * kept when the export holds one with the same content, whatever its label. A blank node reached
 * again while its own hash is being computed (a cycle) hashes to a fixed marker, so cyclic graphs
 * still terminate; two cycles of different shape may then compare equal, which only matters for
 * graphs no ontology writes.
 */
import { nodeKey, type Term, type Triple } from './rdf';
import type { RdfGraph } from './rdf-graph';

export interface RoundTripLoss {
  count: number;
  examples: string[];
}

export interface RoundTripMeasure {
  /** Distinct triples of the source. */
  source: number;
  /** Of those, how many the re-export holds. */
  kept: number;
  /** kept / source (1 for an empty source). */
  share: number;
  /** Lost source triples by predicate IRI, with up to 3 examples each. */
  lost: Record<string, RoundTripLoss>;
  /** The same count without the statements kept verbatim (meta rdf:unmodelled): what the model itself carries. */
  modelled?: { kept: number; share: number };
}

const MAX_EXAMPLES = 3;

/** FNV-1a over the text, twice with different seeds: 64 bits keep 10⁶ distinct subtrees collision-free in practice. */
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

const literalKey = (t: Extract<Term, { t: 'literal' }>): string => `"${t.v}"@${t.lang}^^${t.dt}`;

/** Canonical keys of a graph's distinct triples, blank nodes replaced by their structural hash. */
export class StructuralGraph {
  private readonly out = new Map<string, Triple[]>();
  private readonly memo = new Map<string, string>();
  private readonly visiting = new Set<string>();
  readonly keys = new Map<string, Triple>();

  constructor(triples: readonly Triple[]) {
    for (const t of triples) {
      if (t.s.t !== 'blank') continue;
      const k = nodeKey(t.s);
      (this.out.get(k) ?? this.out.set(k, []).get(k) as Triple[]).push(t);
    }
    for (const t of triples) {
      const key = this.tripleKey(t);
      if (!this.keys.has(key)) this.keys.set(key, t);
    }
  }

  private term(t: Term): string {
    if (t.t === 'iri') return `<${t.v}>`;
    if (t.t === 'literal') return literalKey(t);
    return `_:${this.blankHash(nodeKey(t))}`;
  }

  private blankHash(k: string): string {
    const known = this.memo.get(k);
    if (known) return known;
    if (this.visiting.has(k)) return 'cycle';
    this.visiting.add(k);
    const parts = [...new Set((this.out.get(k) ?? []).map((t) => `${t.p} ${this.term(t.o)}`))].sort();
    this.visiting.delete(k);
    const h = hash(parts.join('\n'));
    this.memo.set(k, h);
    return h;
  }

  /** A label for a blank node that depends only on the subtree below it (valid in Turtle and N-Triples). */
  blankLabel(t: Term): string {
    return `u${this.blankHash(nodeKey(t)).replace('.', '_')}`;
  }

  /** This graph's triples that `other` does not hold (structurally), in this graph's order. */
  missingFrom(other: StructuralGraph): Triple[] {
    const out: Triple[] = [];
    for (const [key, t] of this.keys) if (!other.keys.has(key)) out.push(t);
    return out;
  }

  private tripleKey(t: Triple): string {
    return `${this.term(t.s)} <${t.p}> ${this.term(t.o)}`;
  }
}

const show = (t: Term): string => (t.t === 'iri' ? `<${t.v}>` : t.t === 'blank' ? '[]' : JSON.stringify(t.v.length > 60 ? `${t.v.slice(0, 57)}...` : t.v));

export function measureRoundTrip(source: readonly Triple[], exported: readonly Triple[]): RoundTripMeasure {
  const src = new StructuralGraph(source);
  const dst = new StructuralGraph(exported);
  const lost: Record<string, RoundTripLoss> = {};
  let kept = 0;
  for (const [key, t] of src.keys) {
    if (dst.keys.has(key)) {
      kept++;
      continue;
    }
    const e = (lost[t.p] ??= { count: 0, examples: [] });
    e.count++;
    if (e.examples.length < MAX_EXAMPLES) e.examples.push(`${show(t.s)} ${show(t.o)}`);
  }
  const total = src.keys.size;
  const sorted = Object.fromEntries(Object.entries(lost).sort(([, a], [, b]) => b.count - a.count));
  return { source: total, kept, share: total === 0 ? 1 : kept / total, lost: sorted };
}

/** What a BlankHasher reads: the outgoing statements of a node, by node key. */
export type BlankSource = Pick<RdfGraph, 'eachObject'>;

/** `[...new Set(parts)].sort().join('\n')` without the set: sorted in place, equal neighbours written once. */
function sortedUniqueLines(parts: string[]): string {
  if (parts.length < 2) return parts.length ? (parts[0] as string) : '';
  parts.sort();
  let text = parts[0] as string;
  for (let i = 1; i < parts.length; i++) if (parts[i] !== parts[i - 1]) text += `\n${parts[i] as string}`;
  return text;
}

/** Structural hashes of a graph's blank nodes (memoised; a cycle hashes to a fixed marker). */
export class BlankHasher {
  private readonly memo = new Map<string, string>();
  private readonly visiting = new Set<string>();

  constructor(private readonly g: BlankSource) {}

  hash(key: string): string {
    const known = this.memo.get(key);
    if (known) return known;
    if (this.visiting.has(key)) return 'cycle';
    this.visiting.add(key);
    const parts: string[] = [];
    this.g.eachObject(key, (p, o) => {
      parts.push(`${p} ${o.t === 'iri' ? `<${o.v}>` : o.t === 'literal' ? literalKey(o) : `_:${this.hash(nodeKey(o))}`}`);
    });
    this.visiting.delete(key);
    const h = hash(sortedUniqueLines(parts));
    this.memo.set(key, h);
    return h;
  }

  label(t: Term): string {
    return `u${this.hash(nodeKey(t)).replace('.', '_')}`;
  }
}
