/**
 * Cycles that exist only in the combination of both sides: ours makes interface A extend B, theirs
 * makes B extend A; each side alone is acyclic, the merge is not. Each such cycle is a CYCLE_CONFLICT
 * (BLOCK) with a stable id, resolved by keeping one side's edges among the cycle's members.
 *
 * Generic over "an acyclic relation": a collection and a set-valued field of its elements holding
 * ids in the same collection. A new relation is one line in ACYCLIC_RELATIONS.
 */
import { KIND_OF_COLLECTION, type Collection, type Ontology } from '../model';
import { isRecord } from '../diff/values';
import { cyclicComponents } from '../validate/cycles';
import { conflictId, SEVERITY_OF } from './conflicts';
import type { Draft } from './draft';
import type { Conflict, Side } from './types';

export interface AcyclicRelation {
  collection: Collection;
  /** A field holding an array of ids of elements of the same collection. */
  field: string;
  /** Names the relation in messages: "A extends B". */
  verb: string;
  /** The field is left out of the element when empty (optional in the schema) rather than `[]`. */
  omitWhenEmpty?: boolean;
}

export const ACYCLIC_RELATIONS: readonly AcyclicRelation[] = [
  { collection: 'interfaces', field: 'extends', verb: 'extends' },
  { collection: 'objectTypes', field: 'supertypes', verb: 'is a subtype of', omitWhenEmpty: true },
];

type Graph = ReadonlyMap<string, readonly string[]>;

function graphOf(collection: unknown, field: string): Map<string, string[]> {
  const g = new Map<string, string[]>();
  if (!isRecord(collection)) return g;
  for (const id of Object.keys(collection)) {
    const el = collection[id];
    const targets = isRecord(el) ? el[field] : undefined;
    if (Array.isArray(targets) && targets.length > 0) g.set(id, (targets as unknown[]).filter((t): t is string => typeof t === 'string' && t in collection));
  }
  return g;
}

/** Cyclic components of `g` (Tarjan, shared with validation), walked from its ids in sorted order. */
function cyclicComponentsOf(g: Graph): string[][] {
  return cyclicComponents([...g.keys()].sort(), (id) => g.get(id) ?? []);
}

/** Does `g`, restricted to `members`, contain a cycle? */
function hasCycleWithin(g: Graph, members: ReadonlySet<string>): boolean {
  const sub = new Map<string, string[]>();
  for (const m of members) sub.set(m, (g.get(m) ?? []).filter((t) => members.has(t)));
  return cyclicComponentsOf(sub).length > 0;
}

const hasEdge = (g: Graph, from: string, to: string): boolean => (g.get(from) ?? []).includes(to);

interface Inputs {
  base: Ontology;
  ours: Ontology;
  theirs: Ontology;
}

/** Ids in the collection whose relation field differs from base on either side: only they can close a new cycle. */
function changedIds(rel: AcyclicRelation, touched: ReadonlyArray<[string, string]>, { base, ours, theirs }: Inputs): string[] {
  const at = (o: Ontology, id: string): unknown => {
    const el = (o[rel.collection] as Record<string, unknown>)[id];
    return isRecord(el) ? JSON.stringify(el[rel.field] ?? []) : '[]';
  };
  return touched.filter(([c, id]) => c === rel.collection && (at(ours, id) !== at(base, id) || at(theirs, id) !== at(base, id))).map(([, id]) => id);
}

export function detectCycles(draft: Draft, touched: ReadonlyArray<[string, string]>, inputs: Inputs, relations: readonly AcyclicRelation[] = ACYCLIC_RELATIONS): Conflict[] {
  const out: Conflict[] = [];
  for (const rel of relations) {
    const changed = new Set(changedIds(rel, touched, inputs));
    if (changed.size === 0) continue;
    const merged = graphOf(draft.get([rel.collection]), rel.field);
    const ours = graphOf(inputs.ours[rel.collection], rel.field);
    const theirs = graphOf(inputs.theirs[rel.collection], rel.field);
    for (const members of cyclicComponentsOf(merged)) {
      if (!members.some((m) => changed.has(m))) continue;
      const set = new Set(members);
      // A cycle one side already has is that side's own (validation reports it), not the merge's doing.
      if (hasCycleWithin(ours, set) || hasCycleWithin(theirs, set)) continue;
      const edges: CycleEdge[] = [];
      for (const from of members) {
        for (const to of merged.get(from) ?? []) {
          if (!set.has(to)) continue;
          const sides: Side[] = [];
          if (hasEdge(ours, from, to)) sides.push('ours');
          if (hasEdge(theirs, from, to)) sides.push('theirs');
          edges.push({ from, to, sides });
        }
      }
      out.push(cycleConflict(rel, members, edges, draft));
    }
  }
  return out;
}

export interface CycleEdge {
  from: string;
  to: string;
  /** The sides that have this edge (a cycle's edges come from both, never all from one). */
  sides: Side[];
}

function cycleConflict(rel: AcyclicRelation, members: string[], edges: CycleEdge[], draft: Draft): Conflict {
  const first = members[0] as string;
  const path = [rel.collection, first, rel.field];
  const name = (id: string): string => {
    const el = draft.get([rel.collection, id]);
    return isRecord(el) && typeof el.apiName === 'string' ? el.apiName : id;
  };
  const described = edges.map((e) => `${name(e.from)} ${rel.verb} ${name(e.to)} (${e.sides.join('+')})`).join(', ');
  const c: Conflict = {
    id: conflictId('CYCLE_CONFLICT', [rel.collection, rel.field, ...members]),
    code: 'CYCLE_CONFLICT',
    severity: SEVERITY_OF.CYCLE_CONFLICT,
    path,
    elementPath: [rel.collection, first],
    kind: KIND_OF_COLLECTION[rel.collection],
    field: rel.field,
    message: `${rel.collection} ${members.map(name).join(', ')}: the merge makes a cycle neither side has: ${described}; keep one side's ${rel.field} among them`,
    candidates: ['ours', 'theirs'],
    cycle: { collection: rel.collection, field: rel.field, members, edges, ...(rel.omitWhenEmpty ? { omitWhenEmpty: true } : {}) },
  };
  const apiName = name(first);
  if (apiName !== first) c.apiName = apiName;
  return c;
}

/** Keep the chosen side's edges among the cycle's members: drop the edges only the other side added. */
export function resolveCycle(draft: Draft, c: Conflict, pick: Side): void {
  const cycle = c.cycle;
  if (!cycle) return;
  for (const e of cycle.edges) {
    if (e.sides.includes(pick)) continue;
    const slot = [cycle.collection, e.from, cycle.field];
    const current = draft.get(slot);
    if (!Array.isArray(current)) continue;
    const kept = (current as unknown[]).filter((t) => t !== e.to);
    draft.set(slot, kept.length === 0 && cycle.omitWhenEmpty ? undefined : kept);
  }
}
