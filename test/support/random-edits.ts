/**
 * Seeded random edit ops against the current state of a branch doc, for convergence fuzzing of the
 * binding and of sync. Every op is valid on the doc it was generated for (it may still conflict with
 * what other replicas do concurrently — that is the point).
 */
import type * as Y from 'yjs';
import { initialOrderKeys, ordered, type Ontology, type Status } from '../../core/model';
import { docToOntology, type EditOp } from '../../core/yjs';
import { mutateOntology, type Rand } from './random-ontology';

export type RandomEdit = { kind: 'op'; op: EditOp } | { kind: 'apply'; target: Ontology };

const STATUSES: readonly Status[] = ['experimental', 'active', 'deprecated'];
const SNIPPETS = ['x', 'hello ', 'ü', '🛫', 'line\n', 'zz', ' — '];

interface NestedRef {
  parentId: string;
  id: string;
  field: 'properties' | 'fields' | 'parameters' | 'rules';
  apiName?: string;
  description?: string;
}

function nestedOf(o: Ontology): NestedRef[] {
  const out: NestedRef[] = [];
  for (const [pid, ot] of Object.entries(o.objectTypes)) for (const [id, p] of Object.entries(ot.properties)) out.push({ parentId: pid, id, field: 'properties', apiName: p.apiName, description: p.description });
  for (const [pid, st] of Object.entries(o.structTypes)) for (const [id, f] of Object.entries(st.fields)) out.push({ parentId: pid, id, field: 'fields', apiName: f.apiName, description: f.description });
  for (const [pid, at] of Object.entries(o.actionTypes)) {
    for (const [id, p] of Object.entries(at.parameters)) out.push({ parentId: pid, id, field: 'parameters', apiName: p.apiName, description: p.description });
    for (const id of Object.keys(at.rules)) out.push({ parentId: pid, id, field: 'rules' });
  }
  return out;
}

function topOf(o: Ontology): Array<{ id: string; description: string; collection: keyof Ontology }> {
  const out: Array<{ id: string; description: string; collection: keyof Ontology }> = [];
  for (const c of ['objectTypes', 'linkTypes', 'interfaces', 'sharedProperties', 'valueTypes', 'structTypes', 'actionTypes'] as const) {
    for (const [id, e] of Object.entries(o[c])) out.push({ id, description: e.description, collection: c });
  }
  return out;
}

/** A text splice on `text` that never cuts a surrogate pair. */
function randomSplice(r: Rand, text: string): { index: number; remove: number; insert: string } {
  const safe = (i: number): number => (i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text.charAt(i)) ? i - 1 : i);
  const index = safe(r.int(0, text.length));
  const end = safe(Math.min(text.length, index + (r.bool(0.4) ? r.int(0, 6) : 0)));
  return { index, remove: Math.max(0, end - index), insert: r.bool(0.8) ? r.pick(SNIPPETS) : '' };
}

/**
 * One random edit for `doc`; `tag` keeps created ids unique across replicas (e.g. `${seed}.${replica}`).
 * About 5% of edits are whole-ontology targets (mutations) to land with applyOntology.
 */
export function randomEdit(doc: Y.Doc, r: Rand, tag: string, counter: { n: number }): RandomEdit {
  const o = docToOntology(doc);
  const newId = (): string => `n.${tag}.${(counter.n++).toString(36)}`;
  const tops = topOf(o);
  const nested = nestedOf(o);
  const otIds = Object.keys(o.objectTypes);
  for (;;) {
    const roll = r.int(0, 19);
    switch (roll) {
      case 0: {
        if (r.bool(0.25)) return { kind: 'apply', target: mutateOntology(o, r.int(1, 1e9), r.int(1, 3)).ontology };
        if (tops.length === 0) break;
        return { kind: 'op', op: { op: 'rename', id: r.pick(tops).id, apiName: `Renamed${r.int(0, 9999)}` } };
      }
      case 1: {
        const named = nested.filter((x) => x.field !== 'rules');
        if (named.length === 0) break;
        const n = r.pick(named);
        return { kind: 'op', op: { op: 'rename', id: n.id, parentId: n.parentId, apiName: `renamed${r.int(0, 9999)}` } };
      }
      case 2:
      case 3: {
        // Concurrent typing into the same descriptions is the common case; bias toward few targets.
        const targets = [...tops.slice(0, 3), ...nested.filter((n) => n.description !== undefined).slice(0, 3)];
        if (targets.length === 0 || r.bool(0.15)) return { kind: 'op', op: { op: 'editText', ...randomSplice(r, o.description) } };
        const t = r.pick(targets);
        const parentId = 'parentId' in t ? (t as NestedRef).parentId : undefined;
        return { kind: 'op', op: { op: 'editText', id: t.id, ...(parentId ? { parentId } : {}), ...randomSplice(r, t.description ?? '') } };
      }
      case 4: {
        if (tops.length === 0) break;
        return { kind: 'op', op: { op: 'set', id: r.pick(tops).id, field: r.pick(['displayName', 'status']), value: null } as EditOp };
      }
      case 5: {
        if (tops.length === 0) break;
        const t = r.pick(tops);
        return { kind: 'op', op: r.bool() ? { op: 'set', id: t.id, field: 'status', value: r.pick(STATUSES) } : { op: 'set', id: t.id, field: 'displayName', value: `Shown ${r.int(0, 99)}` } };
      }
      case 6: {
        const props = nested.filter((n) => n.field === 'properties');
        if (props.length === 0) break;
        const p = r.pick(props);
        const field = r.pick(['required', 'pii', 'baseType'] as const);
        const value = field === 'required' ? r.bool() : field === 'pii' ? r.pick(['none', 'personal', 'sensitive']) : r.pick([{ type: 'string' }, { type: 'long' }, { type: 'array', items: { type: 'double' } }, { type: 'vector', dimension: 8 }]);
        return { kind: 'op', op: { op: 'set', id: p.id, parentId: p.parentId, field, value } };
      }
      case 7: {
        return { kind: 'op', op: { op: 'create', kind: 'objectType', id: newId(), value: { apiName: `Created${r.int(0, 9999)}`, description: r.bool() ? 'fresh' : '' } } };
      }
      case 8:
      case 9: {
        if (otIds.length === 0) break;
        const parentId = r.pick(otIds);
        const siblings = Object.keys(o.objectTypes[parentId]?.properties ?? {});
        const after = siblings.length > 0 && r.bool(0.7) ? r.pick([...siblings, null]) : undefined;
        return {
          kind: 'op',
          op: { op: 'createChild', kind: 'property', parentId, id: newId(), ...(after !== undefined ? { after } : {}), value: { apiName: `added${r.int(0, 9999)}`, baseType: { type: 'string' } } },
        };
      }
      case 10: {
        if (tops.length === 0 || r.bool(0.5)) break;
        return { kind: 'op', op: { op: 'delete', id: r.pick(tops).id } };
      }
      case 11: {
        if (nested.length === 0) break;
        const n = r.pick(nested);
        return { kind: 'op', op: { op: 'delete', id: n.id, parentId: n.parentId } };
      }
      case 12:
      case 13: {
        const parents = otIds.filter((id) => Object.keys(o.objectTypes[id]?.properties ?? {}).length >= 2);
        if (parents.length === 0) break;
        const parentId = r.pick(parents);
        const list = ordered(o.objectTypes[parentId]?.properties ?? {}).map(([id]) => id);
        const id = r.pick(list);
        const after = r.pick([null, ...list.filter((x) => x !== id)]);
        return { kind: 'op', op: { op: 'move', id, parentId, after } };
      }
      case 14: {
        const itfs = Object.keys(o.interfaces);
        if (itfs.length === 0 || otIds.length === 0) break;
        const id = r.pick(otIds);
        const current = o.objectTypes[id]?.implements ?? [];
        const remove = current.length > 0 && r.bool(0.4);
        return { kind: 'op', op: { op: remove ? 'removeFromSet' : 'addToSet', id, field: 'implements', value: remove ? r.pick(current) : r.pick(itfs) } };
      }
      case 15: {
        const itfs = Object.keys(o.interfaces);
        const sps = Object.keys(o.sharedProperties);
        if (itfs.length === 0) break;
        const id = r.pick(itfs);
        if (r.bool() && sps.length > 0) return { kind: 'op', op: { op: r.bool(0.7) ? 'addToSet' : 'removeFromSet', id, field: 'properties', value: r.pick(sps) } };
        return { kind: 'op', op: { op: r.bool(0.7) ? 'addToSet' : 'removeFromSet', id, field: 'extends', value: r.pick(itfs) } };
      }
      case 16: {
        return r.bool()
          ? { kind: 'op', op: { op: 'setName', name: `Name ${r.int(0, 99)}` } }
          : { kind: 'op', op: { op: 'setMeta', key: r.pick(['baseIri', 'owner', 'team']), value: r.bool(0.7) ? `v${r.int(0, 99)}` : null } };
      }
      case 18: {
        // Supertypes, possibly creating cycles or conflicts concurrently: convergence is what counts here.
        if (otIds.length < 2) break;
        const id = r.pick(otIds);
        const current = o.objectTypes[id]?.supertypes ?? [];
        const remove = current.length > 0 && r.bool(0.4);
        return { kind: 'op', op: { op: remove ? 'removeFromSet' : 'addToSet', id, field: 'supertypes', value: remove ? r.pick(current) : r.pick(otIds.filter((x) => x !== id)) } };
      }
      case 19: {
        // Annotation values on any named element or the ontology; a small value pool makes concurrent equal adds likely.
        const targets = [...tops, ...nested.filter((n) => n.field !== 'rules')];
        const target = targets.length > 0 && r.bool(0.9) ? r.pick(targets) : undefined;
        const at = target ? { id: target.id, ...('parentId' in target ? { parentId: (target as NestedRef).parentId } : {}) } : {};
        const key = r.pick(['synonym', 'definition', 'http://www.w3.org/2000/01/rdf-schema#comment']);
        const value = r.pick([{ value: 'alpha' }, { value: 'alpha', lang: 'en' }, { value: 'beta', scope: 'EXACT' as const }, { value: 'γ 🛫', xrefs: ['X:1'] }]);
        return { kind: 'op', op: { op: r.bool(0.7) ? 'addAnnotation' : 'removeAnnotation', ...at, key, value } };
      }
      case 17: {
        const vts = Object.keys(o.valueTypes);
        if (vts.length === 0) break;
        const keys = initialOrderKeys(2);
        return { kind: 'op', op: { op: 'set', id: r.pick(vts), field: 'constraints', value: r.bool() ? { min: 0, max: r.int(1, 100) } : { enum: keys } } };
      }
    }
  }
}
