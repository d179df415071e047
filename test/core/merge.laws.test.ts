/**
 * Merge laws checked with fast-check over seeded random ontologies and random edits
 * (test/support/random-ontology). fast-check prints the failing seed and counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffOntologies, getIn, isRecord } from '../../core/diff';
import { merge3, type Conflict, type MergeOptions, type MergeResult, type Resolution, type Side } from '../../core/merge';
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import { mutateOntology, randomOntology } from '../support/random-ontology';

const seed = fc.integer({ min: 1, max: 2 ** 31 - 1 });
const changes = fc.integer({ min: 1, max: 12 });
const RUNS = { numRuns: Number(process.env.MERGE_LAW_RUNS ?? 60) };

function variant(base: Ontology, s: number, n: number): Ontology {
  return mutateOntology(base, s, n).ontology;
}

const canon = (o: Ontology): string => canonicalJson(o);

function expectCanonical(m: MergeResult): void {
  expect(canonicalJson(parseOntology(JSON.parse(JSON.stringify(m.result))))).toBe(canonicalJson(m.result));
}

/** Merge until every conflict (including ones only visible after earlier choices) is resolved with `pick`. */
function mergeResolvingAll(b: Ontology, x: Ontology, y: Ontology, pick: Side): MergeResult {
  const resolutions: Record<string, Resolution> = {};
  for (let round = 0; round < 6; round++) {
    const m = merge3(b, x, y, { rules: [], resolutions });
    if (m.conflicts.length === 0) return m;
    for (const c of m.conflicts) resolutions[c.id] = { pick };
  }
  throw new Error('conflicts kept appearing after 6 rounds of resolutions');
}

const swapSides = (c: Conflict): string => JSON.stringify({
  id: c.id, code: c.code, path: c.path, severity: c.severity, base: c.base, ours: c.theirs, theirs: c.ours,
  target: c.target && { ...c.target, deletedBy: c.target.deletedBy === 'ours' ? 'theirs' : 'ours' },
  elements: c.elements?.map((e) => ({ ...e, side: e.side === 'both' ? 'both' : e.side === 'ours' ? 'theirs' : 'ours' })),
});
const plain = (c: Conflict): string => JSON.stringify({
  id: c.id, code: c.code, path: c.path, severity: c.severity, base: c.base, ours: c.ours, theirs: c.theirs, target: c.target, elements: c.elements,
});

const SET_FIELDS = new Set(['implements', 'extends', 'properties']);

/** Is the change at `path` accounted for by a conflict (the conflict sits on it or on an ancestor)? */
function covered(conflicts: readonly Conflict[], path: readonly string[]): boolean {
  const key = path.join('/');
  return conflicts.some((c) => {
    const slots = [c.path, ...(c.elements?.map((e) => e.path) ?? []), ...(c.target ? [c.target.path, c.elementPath] : [])];
    return slots.some((s) => {
      const k = s.join('/');
      return key === k || key.startsWith(`${k}/`) || k.startsWith(`${key}/`);
    });
  });
}

/** Every change `side` made relative to `base` is in the result, or a conflict names it. */
function expectNothingLost(base: Ontology, side: Ontology, m: MergeResult, label: string): void {
  const all = [...m.conflicts, ...m.autoResolved.map((a) => a.conflict)];
  const d = diffOntologies(base, side);
  for (const f of d.header) {
    if (!covered(all, f.path)) expect(getIn(m.result, f.path), `${label} header ${f.field}`).toEqual(f.after);
  }
  for (const c of d.changes) {
    if (covered(all, c.path)) continue;
    const now = getIn(m.result, c.path);
    if (c.op === 'removed') {
      expect(now, `${label} removed ${c.path.join('/')}`).toBeUndefined();
      continue;
    }
    expect(isRecord(now), `${label} ${c.op} ${c.path.join('/')} present`).toBe(true);
    const fields = c.op === 'added' ? Object.entries(c.value ?? {}).map(([k, v]) => ({ path: [k], after: v as unknown, before: undefined as unknown })) : c.fields;
    for (const f of fields) {
      const full = [...c.path, ...f.path];
      if (covered(all, full)) continue;
      const got = getIn(m.result, full);
      if (f.path.length === 1 && SET_FIELDS.has(f.path[0] as string) && Array.isArray(f.after)) {
        const before = new Set(Array.isArray(f.before) ? (f.before as string[]) : []);
        const after = new Set(f.after as string[]);
        const result = new Set(Array.isArray(got) ? (got as string[]) : []);
        for (const x of after) if (!before.has(x)) expect(result.has(x), `${label} ${full.join('/')} keeps added ${x}`).toBe(true);
        for (const x of before) if (!after.has(x)) expect(result.has(x), `${label} ${full.join('/')} keeps removal of ${x}`).toBe(false);
      } else {
        expect(got, `${label} ${full.join('/')}`).toEqual(f.after);
      }
    }
  }
}

describe('merge laws', () => {
  it('merge(b, x, b) = x and merge(b, b, y) = y, without conflicts', () => {
    fc.assert(fc.property(seed, seed, changes, (bs, xs, n) => {
      const b = randomOntology(bs);
      const x = variant(b, xs, n);
      const left = merge3(b, x, b);
      const right = merge3(b, b, x);
      expect(left.conflicts).toEqual([]);
      expect(right.conflicts).toEqual([]);
      expect(canon(left.result)).toBe(canon(x));
      expect(canon(right.result)).toBe(canon(x));
    }), RUNS);
  });

  it('merge(b, x, x) = x, without conflicts', () => {
    fc.assert(fc.property(seed, seed, changes, (bs, xs, n) => {
      const b = randomOntology(bs);
      const x = variant(b, xs, n);
      const m = merge3(b, x, structuredClone(x));
      expect(m.conflicts).toEqual([]);
      expect(m.autoResolved).toEqual([]);
      expect(canon(m.result)).toBe(canon(x));
    }), RUNS);
  });

  it('is symmetric up to the side labels', () => {
    fc.assert(fc.property(seed, seed, seed, changes, changes, (bs, xs, ys, nx, ny) => {
      const b = randomOntology(bs);
      const x = variant(b, xs, nx);
      const y = variant(b, ys, ny);
      const opts: MergeOptions = { rules: [] };
      const xy = merge3(b, x, y, opts);
      const yx = merge3(b, y, x, opts);
      expect(yx.conflicts.map(swapSides).sort()).toEqual(xy.conflicts.map(plain).sort());
      // Settling every conflict for the same side gives the same ontology whichever way round.
      expect(canon(mergeResolvingAll(b, y, x, 'theirs').result)).toBe(canon(mergeResolvingAll(b, x, y, 'ours').result));
      expect(canon(mergeResolvingAll(b, y, x, 'ours').result)).toBe(canon(mergeResolvingAll(b, x, y, 'theirs').result));
    }), RUNS);
  });

  it('loses no change of either side silently, with and without rules', () => {
    let conflicted = 0;
    fc.assert(fc.property(seed, seed, seed, changes, changes, fc.boolean(), (bs, xs, ys, nx, ny, withRules) => {
      const b = randomOntology(bs);
      const x = variant(b, xs, nx);
      const y = variant(b, ys, ny);
      const m = merge3(b, x, y, withRules ? {} : { rules: [] });
      if (m.stats.conflicts > 0) conflicted++;
      expectCanonical(m);
      expectNothingLost(b, x, m, 'ours');
      expectNothingLost(b, y, m, 'theirs');
    }), { numRuns: Number(process.env.MERGE_LAW_RUNS ?? 150) });
    // The generator must actually produce conflicting edits, or this law proves little.
    expect(conflicted).toBeGreaterThan(10);
  });
});
