/**
 * Conflicts that only exist in the combination of both sides, found on the merged draft:
 * two elements named alike in one scope (APINAME_COLLISION), and references to elements the other
 * side deleted (DANGLING_REFERENCE). Only elements either side touched are examined: a collision
 * or dangling reference among untouched elements was already in an input and is not the merge's doing.
 */
import { KIND_OF_COLLECTION, NESTED, type Collection, type NestedKind, type Ontology } from '../model';
import { isRecord, recordAt, type JsonRecord } from '../diff/values';
import { conflictId, SEVERITY_OF } from './conflicts';
import type { Draft } from './draft';
import { locateTarget, referencesOf } from './references';
import type { Conflict, Side } from './types';

interface Inputs {
  base: Ontology;
  ours: Ontology;
  theirs: Ontology;
}

const nameAt = (root: unknown, path: readonly string[]): unknown => recordAt(root, path)?.apiName;
/** apiNames collide ignoring case, as validation's DUPLICATE_API_NAME judges them. */
const fold = (name: unknown): string | undefined => (typeof name === 'string' ? name.toLowerCase() : undefined);
const foldedAt = (root: unknown, path: readonly string[]): string | undefined => fold(nameAt(root, path));

/** Groups of ≥2 element paths sharing an apiName within one scope, where at least one name is new. */
function collisionGroups(draft: Draft, touched: ReadonlyArray<[string, string]>, base: Ontology): Array<{ scope: string[]; name: string; paths: string[][] }> {
  const groups = new Map<string, { scope: string[]; name: string; paths: string[][] }>();
  const addGroups = (scope: string[], children: JsonRecord, baseChildren: JsonRecord | undefined, candidates: readonly string[]): void => {
    let byName: Map<unknown, string[]> | undefined;
    for (const id of candidates) {
      const name = fold((children[id] as JsonRecord | undefined)?.apiName);
      if (name === undefined || fold((baseChildren?.[id] as JsonRecord | undefined)?.apiName) === name) continue;
      if (!byName) {
        byName = new Map();
        for (const cid of Object.keys(children)) {
          const n = fold((children[cid] as JsonRecord).apiName);
          const list = byName.get(n);
          if (list) list.push(cid);
          else byName.set(n, [cid]);
        }
      }
      const same = byName.get(name) ?? [];
      if (same.length > 1) groups.set(`${scope.join('/')}\u0000${name}`, { scope, name, paths: same.sort().map((cid) => [...scope, cid]) });
    }
  };
  const byCollection = new Map<string, string[]>();
  for (const [c, id] of touched) {
    const list = byCollection.get(c);
    if (list) list.push(id);
    else byCollection.set(c, [id]);
  }
  for (const [c, ids] of byCollection) {
    const collection = draft.get([c]) as JsonRecord;
    const baseCollection = (base as unknown as Record<string, JsonRecord>)[c];
    addGroups([c], collection, baseCollection, ids);
    const nested = NESTED[KIND_OF_COLLECTION[c as Collection]];
    if (!nested) continue;
    for (const id of ids) {
      const el = collection[id];
      if (!isRecord(el)) continue;
      const baseEl = baseCollection?.[id] as JsonRecord | undefined;
      for (const [field, kind] of Object.entries(nested) as Array<[string, NestedKind]>) {
        if (kind === 'actionRule') continue;
        const children = el[field];
        if (isRecord(children)) addGroups([c, id, field], children, baseEl?.[field] as JsonRecord | undefined, Object.keys(children));
      }
    }
  }
  return [...groups.values()];
}

/** Is this slot still under an unresolved field conflict (its value provisional)? */
export type Unsettled = (path: readonly string[]) => boolean;

export function detectCollisions(draft: Draft, touched: ReadonlyArray<[string, string]>, { base, ours, theirs }: Inputs, unsettled: Unsettled): Conflict[] {
  const out: Conflict[] = [];
  for (const g of collisionGroups(draft, touched, base)) {
    if (g.paths.some((p) => unsettled([...p, 'apiName']))) continue;
    const inOurs = g.paths.filter((p) => foldedAt(ours, p) === g.name).length;
    const inTheirs = g.paths.filter((p) => foldedAt(theirs, p) === g.name).length;
    if (inOurs === g.paths.length || inTheirs === g.paths.length) continue; // already collided in one input
    const elements = g.paths.map((path) => {
      const o = foldedAt(ours, path) === g.name;
      const t = foldedAt(theirs, path) === g.name;
      const side: Side | 'both' = foldedAt(base, path) === g.name || (o && t) ? 'both' : o ? 'ours' : 'theirs';
      return { path, side };
    });
    const path = [...g.scope, '@apiName', g.name];
    out.push({
      id: conflictId('APINAME_COLLISION', path), code: 'APINAME_COLLISION', severity: SEVERITY_OF.APINAME_COLLISION,
      path, elementPath: g.scope, kind: g.scope.length === 1 ? KIND_OF_COLLECTION[g.scope[0] as Collection] : (NESTED[KIND_OF_COLLECTION[g.scope[0] as Collection]]?.[g.scope[2] as string] ?? 'property'),
      field: 'apiName', apiName: g.name,
      message: `apiName "${g.name}" (ignoring case) is used by ${g.paths.length} elements in ${g.scope.join('/')} after the merge (${elements.map((e) => `${e.path.at(-1)} from ${e.side}`).join(', ')})`,
      candidates: ['ours', 'theirs', 'custom'],
      elements,
    });
  }
  return out;
}

/**
 * A nested element (a property, struct field, action parameter) the two sides put under different
 * owners: both moved it elsewhere, or one moved it while the other kept editing it in place. Matched
 * by id, the merge would keep it under both owners — one element twice. One conflict per element.
 */
export function detectMoves(draft: Draft, touched: ReadonlyArray<[string, string]>, { ours, theirs }: Inputs): Conflict[] {
  const placed = new Map<string, { kind: NestedKind; paths: string[][] }>();
  for (const [c, id] of touched) {
    const nested = NESTED[KIND_OF_COLLECTION[c as Collection]];
    const el = draft.get([c, id]);
    if (!nested || !isRecord(el)) continue;
    for (const [field, kind] of Object.entries(nested) as Array<[string, NestedKind]>) {
      const children = el[field];
      if (!isRecord(children)) continue;
      for (const cid of Object.keys(children)) {
        const key = `${kind}\u0000${cid}`;
        const hit = placed.get(key);
        if (hit) hit.paths.push([c, id, field, cid]);
        else placed.set(key, { kind, paths: [[c, id, field, cid]] });
      }
    }
  }
  const out: Conflict[] = [];
  for (const { kind, paths } of placed.values()) {
    if (paths.length < 2) continue;
    const inOurs = paths.filter((p) => recordAt(ours, p));
    const inTheirs = paths.filter((p) => recordAt(theirs, p));
    if (inOurs.length === paths.length || inTheirs.length === paths.length) continue; // already doubled in one input
    const sorted = paths.slice().sort((a, b) => (a.join('/') < b.join('/') ? -1 : 1));
    const cid = (sorted[0] as string[])[3] as string;
    const placements = sorted.flatMap((p) => [
      ...(recordAt(ours, p) ? [{ path: p, side: 'ours' as const }] : []),
      ...(recordAt(theirs, p) ? [{ path: p, side: 'theirs' as const }] : []),
    ]);
    const name = recordAt(draft.root, sorted[0] as string[])?.apiName;
    const path = ['@moved', kind, cid];
    out.push({
      id: conflictId('MOVE_CONFLICT', path), code: 'MOVE_CONFLICT', severity: SEVERITY_OF.MOVE_CONFLICT,
      path, elementPath: [], kind,
      message: `${kind} ${String(name ?? cid)} sits under different owners on each side (${placements.map((x) => `${x.side}: ${x.path.slice(0, 2).join('/')}`).join(', ')})`,
      candidates: ['ours', 'theirs'],
      placements,
      ...(typeof name === 'string' ? { apiName: name } : {}),
    });
  }
  return out;
}

export function detectDangling(draft: Draft, touched: ReadonlyArray<[string, string]>, { ours, theirs }: Inputs, unsettled: Unsettled): Conflict[] {
  const out: Conflict[] = [];
  const seen = new Set<string>();
  const check = (kind: Parameters<typeof referencesOf>[0], elementPath: string[], value: JsonRecord): void => {
    for (const ref of referencesOf(kind, value)) {
      if (locateTarget(draft.root, ref, elementPath) || unsettled([...elementPath, ...ref.field])) continue;
      const inOurs = locateTarget(ours, ref, elementPath);
      const inTheirs = locateTarget(theirs, ref, elementPath);
      if (!inOurs === !inTheirs) continue; // both have it (a resolution removed it) or neither (an input dangled)
      const deletedBy: Side = inOurs ? 'theirs' : 'ours';
      const deleter = deletedBy === 'ours' ? ours : theirs;
      const deletersOwn = recordAt(deleter, elementPath);
      if (deletersOwn && referencesOf(kind, deletersOwn).some((r) => r.target === ref.target && r.field.join('/') === ref.field.join('/'))) continue;
      const targetPath = (inOurs ?? inTheirs) as string[];
      const path = ref.inArray || ref.field[0] === 'values' ? [...elementPath, ...ref.field, ref.target] : [...elementPath, ...ref.field];
      const key = path.join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      const holder = deletedBy === 'ours' ? theirs : ours;
      const targetName = nameAt(holder, targetPath) ?? ref.target;
      const c: Conflict = {
        id: conflictId('DANGLING_REFERENCE', path), code: 'DANGLING_REFERENCE', severity: SEVERITY_OF.DANGLING_REFERENCE,
        path, elementPath, kind, field: ref.field.join('/'),
        message: `${kind} ${String(value.apiName ?? elementPath.at(-1))}: ${ref.field.join('/')} refers to ${String(targetName)}, which ${deletedBy} deleted`,
        candidates: ['ours', 'theirs'],
        target: { id: ref.target, path: targetPath, deletedBy },
      };
      if (typeof value.apiName === 'string') c.apiName = value.apiName;
      if (deletedBy === 'ours') c.theirs = targetName;
      else c.ours = targetName;
      out.push(c);
    }
  };
  for (const [c, id] of touched) {
    const kind = KIND_OF_COLLECTION[c as Collection];
    const el = draft.get([c, id]);
    if (!isRecord(el)) continue;
    check(kind, [c, id], el);
    for (const [field, childKind] of Object.entries(NESTED[kind] ?? {}) as Array<[string, NestedKind]>) {
      const children = el[field];
      if (!isRecord(children)) continue;
      for (const [cid, child] of Object.entries(children)) if (isRecord(child)) check(childKind, [c, id, field, cid], child);
    }
  }
  return out;
}

