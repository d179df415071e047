import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../core/errors';
import { canonicalJson, ordered, orderKeyBetween, parseOntology, type Ontology } from '../../core/model';
import { rng } from '../bench/lib';
import {
  ORIGIN, addToSet, applyOntology, applyOp, applyOps, createDocReader, createElement, createUndoManager, deleteElement, docToOntology, editText, entitiesMap,
  moveChild, observeChangedIds, ontologyToDoc, setOntologyName, readDoc, removeFromSet, renameElement, rootMap, setField, textSplice,
} from '../../core/yjs';
import { changedElementIds, mutateOntology, randomOntology } from '../support/random-ontology';

const examplesDir = join(import.meta.dirname, '../../examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json'));

function roundTrip(o: Ontology): string {
  const doc = ontologyToDoc(o);
  // Through the wire format too: a fresh replica loading the encoded state sees the same ontology.
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
  const a = canonicalJson(docToOntology(doc));
  expect(canonicalJson(docToOntology(replica))).toBe(a);
  return a;
}

/** Structural updates a transaction produced, as a count of changed leaf values. */
function changesOf(doc: Y.Doc, fn: () => void): { keys: number; textDeltas: number } {
  let keys = 0;
  let textDeltas = 0;
  const handler = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
    for (const e of events) {
      if (e.target instanceof Y.Text) textDeltas += e.delta.length;
      else keys += e.changes.keys.size;
    }
  };
  rootMap(doc).observeDeep(handler);
  entitiesMap(doc).observeDeep(handler);
  fn();
  rootMap(doc).unobserveDeep(handler);
  entitiesMap(doc).unobserveDeep(handler);
  return { keys, textDeltas };
}

function expectError(fn: () => unknown, code: string): ModelError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe(code);
    return err as ModelError;
  }
  throw new Error(`expected ${code}`);
}

describe('ontology ⇄ doc round trip', () => {
  it.each(examples)('is lossless for examples/%s', (file) => {
    const o = parseOntology(JSON.parse(readFileSync(join(examplesDir, file), 'utf8')));
    expect(roundTrip(o)).toBe(canonicalJson(o));
  });

  it('is lossless for 250 generated ontologies', () => {
    for (let seed = 1; seed <= 250; seed++) {
      const o = randomOntology(seed, { objectTypes: 1 + (seed % 9), propertiesPerType: 1 + (seed % 5) });
      expect(roundTrip(o), `seed ${seed}`).toBe(canonicalJson(o));
    }
  });

  it('round-trips an empty ontology and refuses a non-empty target doc', () => {
    const o = parseOntology({ format: 'oms/1', name: 'Empty' });
    expect(roundTrip(o)).toBe(canonicalJson(o));
    expectError(() => ontologyToDoc(o, ontologyToDoc(o)), 'DOC_NOT_EMPTY');
  });

  it('returns copies: mutating the result does not change the doc', () => {
    const o = randomOntology(4);
    const doc = ontologyToDoc(o);
    const read = docToOntology(doc);
    const ot = Object.values(read.objectTypes)[0];
    const prop = Object.values(ot?.properties ?? {})[0];
    if (prop) (prop.baseType as { type: string }).type = 'MUTATED';
    expect(canonicalJson(docToOntology(doc))).toBe(canonicalJson(o));
  });

  it('reports a corrupted doc with DOC_INVALID, or drops the bad element in lenient mode', () => {
    const o = randomOntology(5);
    const doc = ontologyToDoc(o);
    const [id] = Object.keys(o.objectTypes);
    (entitiesMap(doc).get(id as string) as Y.Map<unknown>).set('status', 'bogus');
    expectError(() => docToOntology(doc), 'DOC_INVALID');
    const { ontology, dropped } = readDoc(doc, { lenient: true });
    expect(dropped).toEqual([id]);
    expect(ontology.objectTypes[id as string]).toBeUndefined();
  });
});

describe('applyOntology', () => {
  it('reaches the target for 150 random mutations, in one transaction', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const base = randomOntology(seed, { objectTypes: 4, propertiesPerType: 3 });
      const { ontology: target } = mutateOntology(base, seed, 1 + (seed % 8));
      const doc = ontologyToDoc(base);
      let transactions = 0;
      doc.on('afterTransaction', () => transactions++);
      applyOntology(doc, target, ORIGIN.merge);
      expect(canonicalJson(docToOntology(doc)), `seed ${seed}`).toBe(canonicalJson(target));
      expect(transactions, `seed ${seed}`).toBe(1);
    }
  });

  it('writes nothing when the target equals the doc', () => {
    const o = randomOntology(11);
    const doc = ontologyToDoc(o);
    const before = Y.encodeStateVector(doc);
    expect(changesOf(doc, () => applyOntology(doc, o))).toEqual({ keys: 0, textDeltas: 0 });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('changes only the fields that differ, and edits descriptions by splice', () => {
    const o = randomOntology(12);
    const doc = ontologyToDoc(o);
    const [otId, ot] = Object.entries(o.objectTypes)[0] as [string, Ontology['objectTypes'][string]];
    const target = structuredClone(o);
    const t = target.objectTypes[otId] as typeof ot;
    t.apiName = 'Renamed';
    t.description = `${ot.description} and more`;
    const changes = changesOf(doc, () => applyOntology(doc, target));
    expect(changes.keys).toBe(1);
    expect(changes.textDeltas).toBeLessThanOrEqual(2); // retain + insert
    expect(changedElementIds(o, docToOntology(doc))).toEqual([otId]);
  });

  it('keeps a concurrent edit to a field the target does not change', () => {
    const o = randomOntology(13);
    const a = ontologyToDoc(o);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const [otId] = Object.keys(o.objectTypes) as [string];
    const target = structuredClone(o);
    (target.objectTypes[otId] as { apiName: string }).apiName = 'FromMerge';
    applyOntology(a, target, ORIGIN.merge);
    editText(b, { id: otId }, { index: 0, remove: 0, insert: 'Typed. ' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b), ORIGIN.remote);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), ORIGIN.remote);
    const merged = docToOntology(a);
    expect(merged.objectTypes[otId]?.apiName).toBe('FromMerge');
    expect(merged.objectTypes[otId]?.description.startsWith('Typed. ')).toBe(true);
    expect(canonicalJson(docToOntology(b))).toBe(canonicalJson(merged));
  });

  it('rejects an invalid target and leaves the doc intact', () => {
    const o = randomOntology(14);
    const doc = ontologyToDoc(o);
    expectError(() => applyOntology(doc, { ...o, name: '' }), 'MODEL_INVALID');
    expect(canonicalJson(docToOntology(doc))).toBe(canonicalJson(o));
  });
});

describe('textSplice', () => {
  it('keeps common prefix and suffix and never splits a surrogate pair', () => {
    expect(textSplice('hello world', 'hello brave world')).toEqual({ index: 6, remove: 0, insert: 'brave ' });
    expect(textSplice('same', 'same')).toBeUndefined();
    // 🛫 = \uD83D\uDEEB and 🛬 = \uD83D\uDEEC share the high surrogate: the splice must include both halves.
    expect(textSplice('a🛫b', 'a🛬b')).toEqual({ index: 1, remove: 2, insert: '🛬' });
    expect(textSplice('🛫', '🛫🛫')).toEqual({ index: 2, remove: 0, insert: '🛫' });
  });
});

describe('edit operations', () => {
  const base = (): { doc: Y.Doc; o: Ontology; otId: string; props: string[] } => {
    const o = randomOntology(21, { objectTypes: 3, propertiesPerType: 4, interfaces: 2 });
    const otId = Object.keys(o.objectTypes)[0] as string;
    return { doc: ontologyToDoc(o), o, otId, props: Object.keys(o.objectTypes[otId]?.properties ?? {}) };
  };

  it('create, rename, set, move, set membership and delete each run as one named transaction', () => {
    const { doc, otId, props } = base();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tx: Y.Transaction) => origins.push(tx.origin));
    const created = createElement(doc, { kind: 'objectType', value: { apiName: 'Gate' } });
    const pid = createElement(doc, { kind: 'property', parentId: created, value: { apiName: 'code', baseType: { type: 'string' } } });
    renameElement(doc, { id: pid, parentId: created }, 'gateCode');
    setField(doc, { id: created }, 'primaryKey', pid);
    setField(doc, { id: pid, parentId: created }, 'required', true);
    moveChild(doc, { id: props[0] as string, parentId: otId }, props.at(-1) as string);
    const itf = Object.keys(docToOntology(doc).interfaces)[0] as string;
    addToSet(doc, { id: created }, 'implements', itf);
    removeFromSet(doc, { id: created }, 'implements', itf);
    deleteElement(doc, { id: props[1] as string, parentId: otId });
    expect(origins).toEqual(Array(9).fill(ORIGIN.local));
    const o = docToOntology(doc);
    expect(o.objectTypes[created]).toMatchObject({ apiName: 'Gate', primaryKey: pid, implements: [] });
    expect(o.objectTypes[created]?.properties[pid]).toMatchObject({ apiName: 'gateCode', required: true });
    const order = Object.entries(o.objectTypes[otId]?.properties ?? {}).sort(([, a], [, b]) => (a.order < b.order ? -1 : 1)).map(([id]) => id);
    expect(order.at(-1)).toBe(props[0]);
    expect(order).not.toContain(props[1]);
  });

  it('places a new child after the given sibling, or first', () => {
    const { doc, otId } = base();
    const sorted = (): string[] => Object.entries(docToOntology(doc).objectTypes[otId]?.properties ?? {}).sort(([ia, a], [ib, b]) => (a.order === b.order ? (ia < ib ? -1 : 1) : a.order < b.order ? -1 : 1)).map(([id]) => id);
    const second = sorted()[1] as string;
    const id = createElement(doc, { kind: 'property', parentId: otId, after: second, value: { apiName: 'inserted', baseType: { type: 'date' } } });
    expect(sorted()[2]).toBe(id);
    const first = createElement(doc, { kind: 'property', parentId: otId, after: null, value: { apiName: 'first', baseType: { type: 'date' } } });
    expect(sorted()[0]).toBe(first);
  });

  it('adds and moves children among hand-written order keys that are not fractional keys', () => {
    const o = parseOntology({
      format: 'oms/1', name: 'Hand written',
      objectTypes: { t: { apiName: 'T', properties: {
        a: { apiName: 'a', baseType: { type: 'string' }, order: '10' },
        b: { apiName: 'b', baseType: { type: 'string' }, order: '2' },
        c: { apiName: 'c', baseType: { type: 'string' }, order: '20' },
      } } },
    });
    const doc = ontologyToDoc(o);
    const sorted = (): string[] => ordered(docToOntology(doc).objectTypes.t?.properties ?? {}).map(([id]) => id);
    createElement(doc, { kind: 'property', parentId: 't', id: 'x', after: 'a', value: { apiName: 'x', baseType: { type: 'string' } } });
    createElement(doc, { kind: 'property', parentId: 't', id: 'y', after: null, value: { apiName: 'y', baseType: { type: 'string' } } });
    createElement(doc, { kind: 'property', parentId: 't', id: 'z', value: { apiName: 'z', baseType: { type: 'string' } } });
    expect(sorted()).toEqual(['y', 'a', 'x', 'b', 'c', 'z']);
    moveChild(doc, { id: 'z', parentId: 't' }, 'b');
    moveChild(doc, { id: 'y', parentId: 't' }, 'c');
    expect(sorted()).toEqual(['a', 'x', 'b', 'z', 'c', 'y']);
  });

  it('orderKeyBetween always lands strictly between its neighbours', () => {
    const r = rng(5);
    const alphabet = '0123456789AZaz~ ';
    for (let i = 0; i < 2000; i++) {
      const word = (): string => Array.from({ length: 1 + Math.floor(r() * 3) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
      const [a, b] = [word(), word()].sort();
      if (a === b) continue;
      const k = orderKeyBetween(a as string, b as string);
      expect(a as string < k && k < (b as string), `${a} < ${k} < ${b}`).toBe(true);
      expect(orderKeyBetween(a as string, null) > (a as string)).toBe(true);
      expect(orderKeyBetween(null, b as string) < (b as string)).toBe(true);
    }
  });

  it('refuses bad values with EDIT_INVALID and leaves the doc untouched', () => {
    const { doc, o, otId, props } = base();
    const before = Y.encodeStateAsUpdate(doc);
    const prop = { id: props[0] as string, parentId: otId };
    expectError(() => setField(doc, prop, 'baseType', { type: 'nope' }), 'EDIT_INVALID');
    expectError(() => setField(doc, prop, 'required', 'yes'), 'EDIT_INVALID');
    expectError(() => setField(doc, prop, 'noSuchField', 1), 'EDIT_INVALID');
    expectError(() => setField(doc, { id: otId }, 'kind', 'linkType'), 'EDIT_INVALID');
    expectError(() => setField(doc, { id: otId }, 'properties', {}), 'EDIT_INVALID');
    expectError(() => renameElement(doc, { id: otId }, ''), 'EDIT_INVALID');
    expectError(() => editText(doc, { id: otId }, { index: 1e6, remove: 0, insert: 'x' }), 'EDIT_INVALID');
    expectError(() => createElement(doc, { kind: 'objectType', id: otId, value: { apiName: 'Dup' } }), 'EDIT_INVALID');
    expectError(() => createElement(doc, { kind: 'objectType', value: { apiName: 'X', status: 'gone' } }), 'EDIT_INVALID');
    expectError(() => createElement(doc, { kind: 'structField', parentId: otId, value: { apiName: 'x', baseType: { type: 'string' } } }), 'EDIT_INVALID');
    expectError(() => addToSet(doc, { id: otId }, 'status', 'x'), 'EDIT_INVALID');
    expectError(() => moveChild(doc, { id: props[0] as string, parentId: otId }, 'not-a-sibling'), 'EDIT_INVALID');
    expectError(() => deleteElement(doc, { id: 'missing' }), 'EDIT_NOT_FOUND');
    expectError(() => setField(doc, { id: props[0] as string, parentId: 'missing' }, 'required', true), 'EDIT_NOT_FOUND');
    expectError(() => applyOp(doc, { op: 'rename', id: otId }), 'EDIT_INVALID');
    expectError(() => applyOp(doc, { op: 'explode' }), 'EDIT_INVALID');
    expectError(() => applyOp(doc, { op: 'set', id: otId, field: 'color', value: 42 }), 'EDIT_INVALID');
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(canonicalJson(docToOntology(doc))).toBe(canonicalJson(o));
  });

  it('unsets optional fields and resets defaulted ones', () => {
    const { doc, otId, props } = base();
    setField(doc, { id: otId }, 'icon', 'plane');
    expect(docToOntology(doc).objectTypes[otId]?.icon).toBe('plane');
    applyOp(doc, { op: 'set', id: otId, field: 'icon', value: null });
    expect(docToOntology(doc).objectTypes[otId]).not.toHaveProperty('icon');
    setField(doc, { id: props[0] as string, parentId: otId }, 'pii', undefined);
    expect(docToOntology(doc).objectTypes[otId]?.properties[props[0] as string]?.pii).toBe('none');
  });

  it('edits descriptions as text and applies the op list form', () => {
    const { doc, otId } = base();
    setField(doc, { id: otId }, 'description', 'Hello world');
    editText(doc, { id: otId }, { index: 5, remove: 6, insert: ', there' });
    expect(docToOntology(doc).objectTypes[otId]?.description).toBe('Hello, there');
    applyOp(doc, { op: 'editText', index: 0, remove: docToOntology(doc).description.length, insert: 'Root text' });
    expect(docToOntology(doc).description).toBe('Root text');
    const { id } = applyOp(doc, { op: 'create', kind: 'linkType', value: { apiName: 'link', fromObjectTypeId: otId, toObjectTypeId: otId, cardinality: 'ONE_TO_ONE' } });
    expect(docToOntology(doc).linkTypes[id as string]?.cardinality).toBe('ONE_TO_ONE');
    applyOp(doc, { op: 'setMeta', key: 'team', value: 'ops' });
    applyOp(doc, { op: 'setName', name: 'Renamed ontology' });
    expect(docToOntology(doc)).toMatchObject({ name: 'Renamed ontology', meta: { team: 'ops' } });
  });

  it('applyOps applies in order and names the op that failed', () => {
    const { doc, otId } = base();
    const err = expectError(() => applyOps(doc, [
      { op: 'create', kind: 'objectType', id: 'new-type', value: { apiName: 'NewType' } },
      { op: 'createChild', kind: 'property', parentId: 'new-type', id: 'new-prop', value: { apiName: 'code', baseType: { type: 'string' } } },
      { op: 'set', id: otId, field: 'status', value: 'nonsense' },
      { op: 'rename', id: 'new-type', apiName: 'NeverApplied' },
    ]), 'EDIT_INVALID');
    expect(err.details?.opIndex).toBe(2);
    expect(err.message).toMatch(/^op 2: /);
    const o = docToOntology(doc);
    expect(o.objectTypes['new-type']?.apiName).toBe('NewType');
    expect(o.objectTypes['new-type']?.properties['new-prop']?.apiName).toBe('code');
  });

  it('replaces an action rule when its kind changes, so its fields stay consistent', () => {
    const o = randomOntology(31, { objectTypes: 3, propertiesPerType: 2, actionTypes: 1, linkTypes: 1 });
    const doc = ontologyToDoc(o);
    const [atId, at] = Object.entries(o.actionTypes)[0] as [string, Ontology['actionTypes'][string]];
    const [ruleId] = Object.keys(at.rules) as [string];
    expectError(() => setField(doc, { id: ruleId, parentId: atId }, 'kind', 'createLink'), 'EDIT_INVALID');
    const target = structuredClone(o);
    (target.actionTypes[atId] as typeof at).rules[ruleId] = { kind: 'createLink', order: 'V', linkTypeId: Object.keys(o.linkTypes)[0] as string };
    applyOntology(doc, target);
    expect(canonicalJson(docToOntology(doc))).toBe(canonicalJson(target));
  });
});

describe('undo', () => {
  it('undoes local edits only; remote, merge and import changes stay', () => {
    const o = randomOntology(41);
    const doc = ontologyToDoc(o, new Y.Doc(), ORIGIN.import);
    const undo = createUndoManager(doc);
    expect(undo.undoStack).toHaveLength(0); // the import is not undoable
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const [a, b] = Object.keys(o.objectTypes) as [string, string];

    renameElement(doc, { id: a }, 'LocalName');
    undo.stopCapturing();
    renameElement(peer, { id: b }, 'RemoteName');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer), ORIGIN.remote);
    const merged = structuredClone(docToOntology(doc));
    merged.name = 'Merged name';
    applyOntology(doc, merged, ORIGIN.merge);
    expect(undo.undoStack).toHaveLength(1);

    undo.undo();
    const after = docToOntology(doc);
    expect(after.objectTypes[a]?.apiName).toBe(o.objectTypes[a]?.apiName);
    expect(after.objectTypes[b]?.apiName).toBe('RemoteName');
    expect(after.name).toBe('Merged name');
    undo.redo();
    expect(docToOntology(doc).objectTypes[a]?.apiName).toBe('LocalName');
  });

  it('undoing a field write that beat a concurrent remote write restores the previous value', () => {
    // Without ignoreRemoteMapChanges, Yjs deletes the local value and restores nothing: the element
    // would lose a required field (here: a property's order key) on every replica.
    const o = randomOntology(44);
    const [otId, ot] = Object.entries(o.objectTypes)[0] as [string, Ontology['objectTypes'][string]];
    const [first, second] = ordered(ot.properties).map(([id]) => id) as [string, string];
    for (const localWins of [true, false]) {
      const a = new Y.Doc();
      const b = new Y.Doc();
      // Client ids decide which concurrent map write wins; try both ways.
      a.clientID = localWins ? 2 : 1;
      b.clientID = localWins ? 1 : 2;
      ontologyToDoc(o, a);
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
      const undo = createUndoManager(a);
      moveChild(a, { id: first, parentId: otId }, second);
      moveChild(b, { id: first, parentId: otId }, null);
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b), ORIGIN.remote);
      undo.undo();
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a), ORIGIN.remote);
      const order = docToOntology(a).objectTypes[otId]?.properties[first]?.order;
      expect(order, `local wins: ${localWins}`).toBe(ot.properties[first]?.order);
      expect(canonicalJson(docToOntology(b))).toBe(canonicalJson(docToOntology(a)));
    }
  });

  it('reads a required value lost to undo-during-a-gap as a visible stand-in, identically everywhere', () => {
    const o = randomOntology(45);
    const [otId, ot] = Object.entries(o.objectTypes)[0] as [string, Ontology['objectTypes'][string]];
    const [pid] = Object.keys(ot.properties) as [string];
    const a = ontologyToDoc(o);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const before = Y.encodeStateVector(b);
    setOntologyName(b, 'First');
    const afterFirst = Y.encodeStateVector(b);
    renameElement(b, { id: pid, parentId: otId }, 'renamedRemotely');
    // a receives the rename before the edit it depends on: the old apiName is already deleted.
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, afterFirst), ORIGIN.remote);
    const gap = readDoc(a);
    expect(gap.incomplete).toBe(true);
    const undo = createUndoManager(a);
    deleteElement(a, { id: otId });
    undo.undo();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, before), ORIGIN.remote);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), ORIGIN.remote);
    const ra = readDoc(a);
    expect(ra.incomplete).toBe(false);
    expect(ra.repaired).toEqual([`${pid}.apiName`]);
    expect(ra.ontology.objectTypes[otId]?.properties[pid]?.apiName).toBe(pid);
    expect(canonicalJson(docToOntology(b))).toBe(canonicalJson(ra.ontology));
  });

  it('undoes a delete, restoring the element with its children and text', () => {
    const o = randomOntology(42);
    const doc = ontologyToDoc(o);
    const undo = createUndoManager(doc);
    const [id] = Object.keys(o.objectTypes) as [string];
    deleteElement(doc, { id });
    expect(docToOntology(doc).objectTypes[id]).toBeUndefined();
    undo.undo();
    expect(canonicalJson(docToOntology(doc))).toBe(canonicalJson(o));
  });

  it('reports undo transactions as origin "undo" to observers', () => {
    const o = randomOntology(43);
    const doc = ontologyToDoc(o);
    const undo = createUndoManager(doc);
    const [id] = Object.keys(o.objectTypes) as [string];
    const seen: Array<{ ids: string[]; origin: string | undefined }> = [];
    const stop = observeChangedIds(doc, (c) => seen.push({ ids: [...c.ids], origin: c.origin }));
    renameElement(doc, { id }, 'Observed');
    undo.undo();
    stop();
    expect(seen).toEqual([{ ids: [id], origin: 'local' }, { ids: [id], origin: 'undo' }]);
  });
});

describe('createDocReader', () => {
  it('re-reads only touched entities and agrees with a full read', () => {
    const o = randomOntology(61, { objectTypes: 6, propertiesPerType: 3, linkTypes: 3 });
    const doc = ontologyToDoc(o);
    const reader = createDocReader(doc);
    const first = reader.read().ontology;
    expect(canonicalJson(first)).toBe(canonicalJson(o));
    const [l1, l2] = Object.keys(o.linkTypes) as [string, string];
    renameElement(doc, { id: l1 }, 'renamedLink');
    const second = reader.read().ontology;
    expect(second.linkTypes[l1]?.apiName).toBe('renamedLink');
    expect(second.linkTypes[l2]).toBe(first.linkTypes[l2]); // untouched: the very same object
    expect(second.linkTypes[l1]).not.toBe(first.linkTypes[l1]);
    deleteElement(doc, { id: l2 });
    applyOntology(doc, mutateOntology(docToOntology(doc), 3, 4).ontology);
    expect(canonicalJson(reader.read().ontology)).toBe(canonicalJson(docToOntology(doc)));
    reader.dispose();
  });

  it('throws DOC_INVALID for a corrupted element like readDoc, and keeps its cache when it does', () => {
    const o = randomOntology(62);
    const doc = ontologyToDoc(o);
    const reader = createDocReader(doc);
    reader.read();
    const [id] = Object.keys(o.objectTypes) as [string];
    const element = entitiesMap(doc).get(id) as Y.Map<unknown>;
    element.set('status', 'bogus');
    expectError(() => reader.read(), 'DOC_INVALID');
    expectError(() => reader.read(), 'DOC_INVALID');
    element.set('status', 'active');
    expect(reader.read().ontology.objectTypes[id]?.status).toBe('active');
    expect(createDocReader(doc, { lenient: true }).read().dropped).toEqual([]);
  });
});

describe('observeChangedIds', () => {
  it('lists top-level and nested ids touched by a transaction', () => {
    const o = randomOntology(51);
    const doc = ontologyToDoc(o);
    const [otId, ot] = Object.entries(o.objectTypes)[0] as [string, Ontology['objectTypes'][string]];
    const [pid] = Object.keys(ot.properties) as [string];
    const seen: Array<{ ids: string[]; nested: string[] }> = [];
    observeChangedIds(doc, (c) => seen.push({ ids: [...c.ids].sort(), nested: [...c.nestedIds].sort() }));
    editText(doc, { id: pid, parentId: otId }, { index: 0, remove: 0, insert: 'x' });
    const added = createElement(doc, { kind: 'property', parentId: otId, value: { apiName: 'newOne', baseType: { type: 'string' } } });
    const target = mutateOntology(docToOntology(doc), 5, 3);
    applyOntology(doc, target.ontology);
    expect(seen[0]).toEqual({ ids: [otId], nested: [pid] });
    expect(seen[1]).toEqual({ ids: [otId], nested: [added] });
    // An interface's `properties` is an id set: its members are not reported as nested elements.
    const itfId = Object.keys(o.interfaces)[0] as string;
    const spId = Object.keys(o.sharedProperties)[0] as string;
    removeFromSet(doc, { id: itfId }, 'properties', spId);
    addToSet(doc, { id: itfId }, 'properties', spId);
    expect(seen.slice(3)).toEqual([{ ids: [itfId], nested: [] }, { ids: [itfId], nested: [] }]);
    // Every element the mutation touched is reported (by itself or, when nested, with its parent).
    const reported = new Set([...(seen[2]?.ids ?? []), ...(seen[2]?.nested ?? [])]);
    for (const id of target.touched) expect(reported).toContain(id);
  });
});
