/**
 * splitUpdate against Yjs itself: for random docs using every kind of content (maps, nested maps,
 * text with inserts/deletes/formats/embeds, arrays of every value type, binary, XML types, subdocs)
 * edited by several clients, applying the parts (in the order given, and shuffled) gives the same doc
 * as applying the update whole, with nothing left pending.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UpdateSplitError, settlePending, splitUpdate } from '../../../core/storage/split-update';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES = (r: () => number): unknown[] => [
  null, true, false, Math.floor(r() * 1e6) - 5e5, r() * 1e9, 2 ** 40 + 1, 'str😀é', { a: [1, { b: 'c' }], d: null }, [1, 'x', [true]],
  new Uint8Array([1, 2, 3]), -7, 3.5,
];

/** Several peers editing one doc concurrently and syncing now and then. */
function randomDoc(seed: number, steps: number): Y.Doc {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const peers = [0, 1, 2].map(() => new Y.Doc());
  const sync = (): void => {
    for (const a of peers) for (const b of peers) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  };
  for (let i = 0; i < steps; i++) {
    const d = pick(peers);
    const entities = d.getMap<unknown>('entities');
    const text = d.getText('description');
    const list = d.getArray<unknown>('list');
    const op = Math.floor(r() * 12);
    const key = `e${Math.floor(r() * 40)}`;
    if (op === 0) {
      const m = new Y.Map<unknown>();
      m.set('name', `n${i}`);
      m.set('desc', new Y.Text(`text ${i} ✓`));
      entities.set(key, m);
    } else if (op === 1) {
      const m = entities.get(key);
      if (m instanceof Y.Map) m.set(`f${Math.floor(r() * 5)}`, pick(VALUES(r)));
    } else if (op === 2) entities.delete(key);
    else if (op === 3) text.insert(Math.floor(r() * (text.length + 1)), pick(['a', 'bc', '😀', 'ñandú', ' ']));
    else if (op === 4 && text.length > 0) text.delete(Math.floor(r() * text.length), 1);
    else if (op === 5 && text.length > 2) text.format(0, 2, { bold: r() > 0.5 ? true : null });
    else if (op === 6) text.insertEmbed(Math.floor(r() * (text.length + 1)), { image: `i${i}` });
    else if (op === 7) list.insert(Math.floor(r() * (list.length + 1)), [pick(VALUES(r)), pick(VALUES(r))]);
    else if (op === 8 && list.length > 0) list.delete(Math.floor(r() * list.length), 1);
    else if (op === 9) {
      const x = new Y.XmlElement('p');
      x.insert(0, [new Y.XmlText('hi')]);
      d.getXmlFragment('xml').push([x, new Y.XmlHook('hook') as unknown as Y.XmlElement]);
    } else if (op === 10) list.push([new Y.Doc({ guid: `sub-${seed}-${i}` })]);
    else d.getMap<unknown>('json').set(key, new Y.Array()); // a nested type, plus ContentJSON below
    if (r() < 0.1) sync();
  }
  sync();
  // ContentJSON and ContentBinary only come from old encoders or explicit structs; ContentAny covers JSON today.
  return peers[0] as Y.Doc;
}

function applyAll(parts: readonly Uint8Array[], settle = false): Y.Doc {
  const d = new Y.Doc();
  for (const p of parts) Y.applyUpdate(d, p);
  if (settle) settlePending(d);
  return d;
}

function same(a: Y.Doc, b: Y.Doc): void {
  expect(b.store.pendingStructs).toBeNull();
  expect(b.store.pendingDs).toBeNull();
  expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a));
  for (const name of ['entities', 'json']) expect(b.getMap(name).toJSON()).toEqual(a.getMap(name).toJSON());
  expect(b.getText('description').toDelta()).toEqual(a.getText('description').toDelta());
  const list = (d: Y.Doc): unknown[] => d.getArray('list').toArray().map((x) => (x instanceof Y.Doc ? `doc:${x.guid}` : x));
  expect(list(b)).toEqual(list(a));
  expect(b.getXmlFragment('xml').toString()).toEqual(a.getXmlFragment('xml').toString());
  expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(b.store), Y.createDeleteSetFromStructStore(a.store))).toBe(true);
}

describe('splitUpdate', () => {
  it('parts of random multi-client docs rebuild the same doc, in order or shuffled', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const source = randomDoc(seed, 600);
      const update = Y.encodeStateAsUpdate(source);
      const parts = await splitUpdate(update, { maxPartBytes: 1024 });
      expect(parts.length, `seed ${seed}`).toBeGreaterThan(2);
      same(source, applyAll(parts));
      const r = rng(seed * 7);
      const shuffled = [...parts].sort(() => r() - 0.5);
      same(source, applyAll(shuffled, true)); // any order converges once pending structs are settled
    }
  });

  it('a big single-client doc splits into bounded parts that need nothing later (no pending structs after any part)', async () => {
    const d = new Y.Doc();
    const entities = d.getMap<Y.Map<unknown>>('entities');
    d.transact(() => {
      for (let i = 0; i < 5000; i++) {
        const m = new Y.Map<unknown>();
        m.set('apiName', `Type${i}`);
        m.set('description', new Y.Text(`about ${i}`));
        entities.set(`ot-${i}`, m);
      }
    });
    const update = Y.encodeStateAsUpdate(d);
    const parts = await splitUpdate(update, { maxPartBytes: 16 * 1024 });
    expect(parts.length).toBeGreaterThan(update.byteLength / (32 * 1024));
    const out = new Y.Doc();
    for (const p of parts) {
      expect(p.byteLength).toBeLessThan(17 * 1024);
      Y.applyUpdate(out, p);
      expect(out.store.pendingStructs).toBeNull();
    }
    expect(out.getMap('entities').toJSON()).toEqual(entities.toJSON());
  });

  it('a small update comes back whole; truncated or foreign bytes raise UPDATE_MALFORMED', async () => {
    const d = randomDoc(99, 50);
    const update = Y.encodeStateAsUpdate(d);
    expect(await splitUpdate(update)).toEqual([update]);
    const big = Y.encodeStateAsUpdate(randomDoc(5, 600));
    await expect(splitUpdate(big.subarray(0, Math.floor(big.byteLength / 2)), { maxPartBytes: 1024 })).rejects.toBeInstanceOf(UpdateSplitError);
    const junk = new Uint8Array(4096).fill(0xff);
    await expect(splitUpdate(junk, { maxPartBytes: 1024 })).rejects.toMatchObject({ code: 'UPDATE_MALFORMED' });
  });
});
