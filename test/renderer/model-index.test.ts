/**
 * The renderer's ModelIndex patches its entries and sorted per-kind lists per transaction; these
 * tests drive a real Y.Doc (core/yjs edits, whole-ontology applies, undo/redo, a peer's updates)
 * with a seeded random script and check after every step that the patched index equals one built
 * from scratch on the same doc, that an element no transaction touched keeps its entry object
 * (structural sharing: memoised views skip it), and that the version counters move when, and only
 * when, what they promise changed. OMS_FUZZ_SEEDS / OMS_FUZZ_STEPS run more locally.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TopLevelKind } from '../../core/model';
import { ORIGIN, TOP_LEVEL_KINDS, applyOntology, applyOp, createUndoManager, entitiesMap, ontologyToDoc, setField } from '../../core/yjs';
import { ModelIndex, type Entry } from '../../renderer/src/state/model-index';
import { shareUnchanged } from '../../renderer/src/state/structural-share';
import { randomEdit } from '../support/random-edits';
import { Rand, randomOntology } from '../support/random-ontology';

const SEEDS = Number(process.env.OMS_FUZZ_SEEDS ?? 4);
const STEPS = Number(process.env.OMS_FUZZ_STEPS ?? 50);

interface View {
  entries: Map<string, { kind: TopLevelKind; value: unknown; haystack: string }>;
  lists: Record<string, string[]>;
}

function view(index: ModelIndex): View {
  const entries = new Map<string, { kind: TopLevelKind; value: unknown; haystack: string }>();
  for (const e of index.all()) entries.set(e.id, { kind: e.kind, value: e.value, haystack: e.haystack });
  const lists = Object.fromEntries(TOP_LEVEL_KINDS.map((k) => [k, index.list(k).map((e) => e.id)]));
  return { entries, lists };
}

const byId = (index: ModelIndex): Map<string, Entry> => new Map([...index.all()].map((e) => [e.id, e]));

async function fuzz(seed: number): Promise<number> {
  const r = new Rand(seed);
  const doc = ontologyToDoc(randomOntology(seed));
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  doc.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== ORIGIN.remote) Y.applyUpdate(peer, u, ORIGIN.remote); });
  peer.on('update', (u: Uint8Array, origin: unknown) => { if (origin !== ORIGIN.remote) Y.applyUpdate(doc, u, ORIGIN.remote); });
  const undo = createUndoManager(doc);
  const index = await ModelIndex.load(doc, () => undefined, 7);
  // Materialise every list so each step patches them (an unbuilt list is only built on demand).
  for (const k of TOP_LEVEL_KINDS) index.list(k);
  const counter = { n: 0 };
  let touched = new Set<string>();
  index.subscribeChanges((ids) => { for (const id of ids) touched.add(id); });
  let steps = 0;
  for (let step = 0; step < STEPS; step++) {
    const before = byId(index);
    const versionBefore = index.version;
    const listsBefore = Object.fromEntries(TOP_LEVEL_KINDS.map((k) => [k, index.list(k)]));
    const shownBefore = Object.fromEntries(TOP_LEVEL_KINDS.map((k) => [k, index.list(k).map((e) => `${e.id} ${(e.value as { apiName: string }).apiName} ${(e.value as { status: string }).status}`)]));
    touched = new Set();
    const roll = r.next();
    if (roll < 0.1) {
      if (r.bool()) undo.undo();
      else undo.redo();
    } else if (roll < 0.25) {
      // A peer's edit arrives as a remote update.
      const edit = randomEdit(peer, r, `${seed}.peer`, counter);
      if (edit.kind === 'apply') applyOntology(peer, edit.target, ORIGIN.local);
      else applyOp(peer, edit.op, ORIGIN.local);
    } else {
      const edit = randomEdit(doc, r, `${seed}.me`, counter);
      if (edit.kind === 'apply') applyOntology(doc, edit.target, ORIGIN.merge);
      else applyOp(doc, edit.op, ORIGIN.local);
    }
    undo.stopCapturing();
    steps++;

    const fresh = await ModelIndex.load(doc);
    expect(view(index), `seed ${seed} step ${step}`).toEqual(view(fresh));
    fresh.dispose();

    const after = byId(index);
    for (const [id, e] of after) if (!touched.has(id)) expect(e, `untouched ${id} kept its entry`).toBe(before.get(id));
    const shown = (e: Entry | undefined): string => {
      const v = e?.value as { apiName: string; status: string } | undefined;
      return `${e?.id} ${v?.apiName} ${v?.status}`;
    };
    let sameOrder = true;
    for (const k of TOP_LEVEL_KINDS) {
      // listsBefore[k] may have been patched in place: compare against what it showed then.
      const then = (shownBefore[k] as string[]);
      const now = index.list(k).map(shown);
      const same = then.length === now.length && then.every((x, i) => x === now[i]);
      // A memo keyed on the list array must see every change of order, apiName or status.
      if (!same) expect(index.list(k), `seed ${seed} step ${step}: ${k} list is a new array`).not.toBe(listsBefore[k]);
      sameOrder &&= same;
    }
    // The structure version says "lists may differ": it must move whenever order, membership or status did.
    if (!sameOrder) expect(index.version, `seed ${seed} step ${step}: structure changed`).toBeGreaterThan(versionBefore);
  }
  index.dispose();
  return steps;
}

describe('ModelIndex', () => {
  it(`incremental patches equal a full rebuild under a seeded random edit script (${SEEDS} seeds × ${STEPS} steps)`, async () => {
    let total = 0;
    for (let seed = 1; seed <= SEEDS; seed++) total += await fuzz(seed);
    expect(total).toBe(SEEDS * STEPS);
  });

  it('a keystroke in a display name keeps the entry objects of every other element and the unchanged parts of its own', async () => {
    const doc = ontologyToDoc(randomOntology(42));
    const index = await ModelIndex.load(doc);
    const ot = index.list('objectType')[0] as Entry;
    const others = [...index.all()].filter((e) => e.id !== ot.id);
    const structure = index.version;
    let labels = 0;
    index.subscribeLabels(() => labels++);
    setField(doc, { id: ot.id }, 'displayName', `${(ot.value as { displayName: string }).displayName}x`);
    const now = index.get(ot.id) as Entry;
    expect(now).not.toBe(ot);
    expect((now.value as { displayName: string }).displayName).toMatch(/x$/);
    // The properties map was not touched: same object, so the property table's memo holds.
    expect((now.value as { properties: unknown }).properties).toBe((ot.value as { properties: unknown }).properties);
    for (const e of others) expect(index.get(e.id)).toBe(e);
    expect(index.version).toBe(structure);
    expect(labels).toBe(1);
    // Writing the value it already has changes nothing anyone sees.
    setField(doc, { id: ot.id }, 'displayName', (now.value as { displayName: string }).displayName);
    expect(index.get(ot.id)).toBe(now);
  });

  it('a rename re-slots the entry in its sorted list and bumps the structure version', async () => {
    const doc = ontologyToDoc(randomOntology(7));
    const index = await ModelIndex.load(doc);
    const list = index.list('objectType');
    const last = list[list.length - 1] as Entry;
    const structure = index.version;
    applyOp(doc, { op: 'rename', id: last.id, apiName: 'AAAFirst' }, ORIGIN.local);
    expect(index.list('objectType')[0]?.id).toBe(last.id);
    expect(index.list('objectType').map((e) => e.id).sort()).toEqual(list.map((e) => e.id).sort());
    expect(index.version).toBeGreaterThan(structure);
  });

  it('a rename moves the entry to its sorted slot from anywhere to anywhere, in a new array, leaving the old one as it was', async () => {
    const doc = ontologyToDoc(randomOntology(11, { objectTypes: 12, propertiesPerType: 1, linkTypes: 2 }));
    const index = await ModelIndex.load(doc);
    const ids = (l: readonly Entry[]): string[] => l.map((e) => e.id);
    const n = index.list('objectType').length;
    let moves = 0;
    for (let from = 0; from < n; from++) {
      // Just after each other entry (its name with a suffix sorts right behind it), then the two ends.
      for (let k = 0; k <= n + 1; k++) {
        const before = index.list('objectType');
        const shownBefore = ids(before);
        const moved = before[from] as Entry;
        const target = k === n ? '0First' : k === n + 1 ? 'ZzzLast' : `${(before[k] as { value: { apiName: string } }).value.apiName}0`;
        applyOp(doc, { op: 'rename', id: moved.id, apiName: `${target}${from}` }, ORIGIN.local);
        const after = index.list('objectType');
        const sorted = [...after].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        expect(ids(after), `from ${from} behind ${k}`).toEqual(ids(sorted));
        expect(new Set(ids(after))).toEqual(new Set(shownBefore));
        expect(after).not.toBe(before);
        // Views memoised on the old array still see the old order.
        expect(ids(before)).toEqual(shownBefore);
        if (after.indexOf(index.get(moved.id) as Entry) !== from) moves++;
      }
    }
    expect(moves).toBeGreaterThan(n * 4);
  });

  it('moves queued between reads (several keystrokes in one frame) end in the lists a full rebuild has; a list handed out keeps its order', async () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = new Rand(1000 + seed);
      const doc = ontologyToDoc(randomOntology(seed));
      const index = await ModelIndex.load(doc);
      for (const k of TOP_LEVEL_KINDS) index.list(k);
      const counter = { n: 0 };
      for (let round = 0; round < 12; round++) {
        const handed = Object.fromEntries(TOP_LEVEL_KINDS.map((k) => [k, index.list(k)]));
        const order = Object.fromEntries(TOP_LEVEL_KINDS.map((k) => [k, (handed[k] as Entry[]).map((e) => e.id)]));
        // A burst of edits, renames among them, with no read of any list between.
        for (let i = 0, n = 1 + Math.floor(r.next() * 6); i < n; i++) {
          if (r.next() < 0.5) {
            const list = handed.objectType as Entry[];
            const e = list[Math.floor(r.next() * list.length)];
            if (e) applyOp(doc, { op: 'rename', id: e.id, apiName: `R${Math.floor(r.next() * 1e6)}` }, ORIGIN.local);
          } else {
            const edit = randomEdit(doc, r, `${seed}.burst`, counter);
            if (edit.kind === 'apply') applyOntology(doc, edit.target, ORIGIN.merge);
            else applyOp(doc, edit.op, ORIGIN.local);
          }
        }
        // What a memo keyed on the arrays handed out before the burst sees: their old order.
        for (const k of TOP_LEVEL_KINDS) expect((handed[k] as Entry[]).map((e) => e.id), `seed ${seed} round ${round} ${k}`).toEqual(order[k]);
        const fresh = await ModelIndex.load(doc);
        expect(view(index), `seed ${seed} round ${round}`).toEqual(view(fresh));
        fresh.dispose();
      }
      index.dispose();
    }
  });

  it('edits landing between the slices of a load (reading, then sorting) end in the same index as a load after them', async () => {
    let sorting = 0;
    for (let at = 1; at <= 400; at++) {
      const doc = ontologyToDoc(randomOntology(9, { objectTypes: 30, propertiesPerType: 2, linkTypes: 10 }));
      const ids = [...entitiesMap(doc).keys()];
      // A one-element slice cap and a zero budget: every element and every sort step is its own slice.
      let turns = 0;
      const edit = (): void => {
        if (++turns === at) applyOp(doc, { op: 'rename', id: ids[at % ids.length] as string, apiName: `Mid${at}` }, ORIGIN.remote);
        else if (turns < at) setImmediate(edit);
      };
      setImmediate(edit);
      const index = await ModelIndex.load(doc, () => undefined, 1, 0);
      if (turns < at) break; // the load ended first: later edits would land after it
      if (at > ids.length) sorting++;
      const fresh = await ModelIndex.load(doc);
      expect(view(index), `edit after ${at} turns`).toEqual(view(fresh));
    }
    // Some edits landed after every element was read: while the lists were being sorted.
    expect(sorting).toBeGreaterThan(2);
  });
});

describe('shareUnchanged', () => {
  it('returns the previous value when deep-equal, and shares the equal parts otherwise', () => {
    const prev = { a: { x: [1, 2] }, b: [{ y: 1 }, { y: 2 }], c: 'c' };
    expect(shareUnchanged(prev, structuredClone(prev))).toBe(prev);
    const next = shareUnchanged(prev, { a: { x: [1, 2] }, b: [{ y: 1 }, { y: 3 }], c: 'c' });
    expect(next).not.toBe(prev);
    expect(next.a).toBe(prev.a);
    expect(next.b[0]).toBe(prev.b[0]);
    expect(next.b[1]).toEqual({ y: 3 });
    // A removed key or a shorter array is a change, not a share.
    expect(shareUnchanged(prev, { a: prev.a, b: prev.b })).not.toBe(prev);
    expect(shareUnchanged([1, 2, 3], [1, 2])).toEqual([1, 2]);
    expect(shareUnchanged({ a: undefined }, {})).toEqual({});
  });
});
