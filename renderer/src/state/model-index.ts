/**
 * The renderer's view of the replica Y.Doc: one parsed value per top-level element, re-read only for
 * the ids a transaction touched, with subscriptions per id. A keystroke in one field therefore
 * re-renders the one editor that shows it, never the explorer's 50k rows (DESIGN.md §8).
 */
import type * as Y from 'yjs';
import {
  ELEMENT_SCHEMA, entitiesMap, observeChangedIds, readEntity, rootMap,
} from '../../../core/yjs';
import {
  COLLECTIONS, FORMAT_TAG,
  type Ontology,
  type Collection, type TopLevelElement, type TopLevelKind,
} from '../../../core/model';
import { shareUnchanged } from './structural-share';
import { Slicer, sortInSlices } from './time-slice';

export interface Entry {
  id: string;
  kind: TopLevelKind;
  value: TopLevelElement;
  /** Lower-cased apiName + displayName, precomputed so search over 50k names stays < 100 ms. */
  haystack: string;
  /** Lower-cased apiName: what lists sort by (precomputed: a sort compares each entry ~16 times). */
  key: string;
}

export interface RootInfo {
  name: string;
  description: string;
}

type Listener = () => void;

/** What lists are sorted and filtered by: a change here re-slots the entry and bumps the structure. */
function structureFields(e: Entry): string {
  const v = e.value as { apiName: string; status: string };
  return `${v.apiName}\u0000${v.status}`;
}

function compareEntries(a: Entry, b: Entry): number {
  const ka = a.key;
  const kb = b.key;
  return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function insertionPoint(list: readonly Entry[], e: Entry): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(list[mid] as Entry, e) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where `e` (by identity) sits in its sorted list, or -1. */
function positionOf(list: readonly Entry[], e: Entry): number {
  const at = insertionPoint(list, e);
  return list[at] === e ? at : -1;
}

/**
 * Replace `list[from]` by `e` and shift the entries between its old and new slot by one, in place:
 * a rename's re-slot without the two splices (the inserting one regrows a 50k array's store).
 */
function moveInto(list: Entry[], from: number, e: Entry): void {
  const at = insertionPoint(list, e);
  // `at` counts list[from] when it sorts before `e`; without it the slot is one less.
  const to = at > from ? at - 1 : at;
  if (to > from) list.copyWithin(from, from + 1, to + 1);
  else if (to < from) list.copyWithin(to + 1, to, from);
  list[to] = e;
}

/** One queued change in `list` (a private copy): `before` (if of `kind`) out, `after` (if of `kind`) in its slot. */
function slot(list: Entry[], kind: TopLevelKind, before: Entry | undefined, after: Entry | undefined): void {
  const from = before?.kind === kind ? positionOf(list, before) : -1;
  if (from >= 0 && after?.kind === kind) moveInto(list, from, after);
  else {
    if (from >= 0) list.splice(from, 1);
    if (after?.kind === kind) list.splice(insertionPoint(list, after), 0, after);
  }
}

export class ModelIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byId = new Map<string, Set<Listener>>();
  private readonly structure = new Set<Listener>();
  private readonly anyChange = new Set<(ids: ReadonlySet<string>) => void>();
  private readonly lists = new Map<TopLevelKind, Entry[]>();
  /** Changes of an entry's place in a list not yet made (patchLists), oldest first. */
  private readonly moves = new Map<TopLevelKind, Array<[Entry | undefined, Entry | undefined]>>();
  private structureVersion = 0;
  /** Transactions seen: tells a slice-built list whether the entries moved under it. */
  private changes = 0;
  private labelVersion = 0;
  private readonly labelListeners = new Set<Listener>();
  private rootCache: RootInfo | undefined;
  private readonly unobserve: () => void;
  private readonly onRoot = (): void => {
    this.rootCache = undefined;
    this.bumpStructure();
  };

  private constructor(private readonly doc: Y.Doc) {
    this.unobserve = observeChangedIds(doc, (changed) => this.update(changed.ids));
    rootMap(doc).observeDeep(this.onRoot);
  }

  /**
   * Read every element, then sort the per-kind lists, in time slices that yield to the page, so a
   * 50k-type branch opens with a moving progress bar instead of a frozen window (the first render
   * then sorts nothing). Changes arriving meanwhile are observed from the start, so none is missed:
   * an element re-read by them is simply read again, and lists are patched once they exist.
   * `slice` (a cap on elements per slice) and `budgetMs` let tests force many slices on a small doc.
   */
  static async load(doc: Y.Doc, onProgress: (done: number, total: number) => void = () => undefined, slice = Infinity, budgetMs?: number): Promise<ModelIndex> {
    const index = new ModelIndex(doc);
    const ids = [...entitiesMap(doc).keys()];
    const slicer = new Slicer(budgetMs);
    let inSlice = 0;
    for (let i = 0; i < ids.length; i++) {
      index.readOne(ids[i] as string);
      if (++inSlice >= slice || slicer.spent) {
        onProgress(i + 1, ids.length);
        inSlice = 0;
        await slicer.next();
      }
    }
    onProgress(ids.length, ids.length);
    await index.buildLists(slicer);
    return index;
  }

  /** Every kind's sorted list, built in slices; a list a change built meanwhile is kept. */
  private async buildLists(slicer: Slicer): Promise<void> {
    const byKind = new Map<TopLevelKind, Entry[]>();
    for (const e of this.entries.values()) {
      let l = byKind.get(e.kind);
      if (!l) byKind.set(e.kind, (l = []));
      l.push(e);
    }
    const changesBefore = this.changes;
    const sorted = new Map<TopLevelKind, Entry[]>();
    for (const [kind, entries] of byKind) sorted.set(kind, await sortInSlices(entries, compareEntries, slicer));
    // A change during the sort patched no list (none existed yet): those lists are stale, and
    // list() builds them on demand instead. A list built on demand meanwhile is current: keep it.
    if (this.changes !== changesBefore) return;
    for (const [kind, list] of sorted) if (!this.lists.has(kind)) this.lists.set(kind, list);
  }

  dispose(): void {
    this.unobserve();
    rootMap(this.doc).unobserveDeep(this.onRoot);
  }

  private readOne(id: string): boolean {
    const m = entitiesMap(this.doc).get(id);
    if (m === undefined) return this.entries.delete(id);
    const { kind, value: raw } = readEntity(id, m, []);
    if (!kind) return this.entries.delete(id);
    const parsed = ELEMENT_SCHEMA[kind].safeParse(raw);
    // A peer's invalid element is left out of the view (readDoc's lenient rule), not shown half-parsed.
    if (!parsed.success) return this.entries.delete(id);
    const before = this.entries.get(id);
    const value: TopLevelElement = shareUnchanged(before?.kind === kind ? before.value : undefined, parsed.data as TopLevelElement);
    // Nothing this view shows changed (a peer rewrote a field with its own value): keep the entry,
    // so every subscriber's snapshot stays equal and nothing re-renders.
    if (before && before.kind === kind && before.value === value) return true;
    const v = value as { apiName: string; displayName: string };
    this.entries.set(id, { id, kind, value, haystack: `${v.apiName} ${v.displayName}`.toLowerCase(), key: v.apiName.toLowerCase() });
    return true;
  }

  private update(ids: ReadonlySet<string>): void {
    this.changes++;
    let structural = false;
    let labels = false;
    for (const id of ids) {
      const before = this.entries.get(id);
      this.readOne(id);
      const after = this.entries.get(id);
      if (before === after) continue;
      // A description or display-name keystroke moves nothing in any list: the row and the editor
      // showing the element hear of it by id; only searches (which match display names) re-run.
      if (!before || !after || structureFields(before) !== structureFields(after)) structural = true;
      else if (before.haystack !== after.haystack) labels = true;
      this.patchLists(before, after);
    }
    if (structural) this.bumpStructure();
    else if (labels) {
      this.labelVersion++;
      for (const l of this.labelListeners) l();
    }
    for (const id of ids) for (const l of this.byId.get(id) ?? []) l();
    for (const l of this.anyChange) l(ids);
  }

  /**
   * Keep the sorted per-kind lists current with binary searches (the old entry is found by its own
   * sort key, the new one slotted in) instead of a scan or a re-sort. An entry whose list-visible
   * fields are unchanged (a display-name or description keystroke) is replaced in place: no copy of
   * a 50k-entry array per keystroke (each one a large-object allocation that brings the next full
   * GC closer). A move, an addition, a removal or a new apiName/status needs a new list (consumers
   * memoise on its identity): it is queued, and the copy is made when the list is next read — after
   * the keystroke's frame (after-paint.ts), once for all the moves since.
   */
  private patchLists(before: Entry | undefined, after: Entry | undefined): void {
    const kinds = new Set([before?.kind, after?.kind].filter((k): k is TopLevelKind => k !== undefined));
    for (const kind of kinds) {
      const current = this.lists.get(kind);
      if (!current) continue;
      const queued = this.moves.get(kind);
      if (queued) {
        queued.push([before, after]);
        continue;
      }
      const from = before?.kind === kind ? positionOf(current, before) : -1;
      const sameSlot = from >= 0 && after?.kind === kind && compareEntries(before as Entry, after) === 0;
      if (sameSlot && structureFields(before as Entry) === structureFields(after as Entry)) current[from] = after;
      else this.moves.set(kind, [[before, after]]);
    }
  }

  private bumpStructure(): void {
    this.structureVersion++;
    for (const l of this.structure) l();
  }

  get(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  /**
   * Sorted by apiName, case-insensitively. The array is the same object until the structure version
   * moves (an entry's fields other than its apiName and status may change in it meanwhile: read
   * those through get/subscribe, not through a memo keyed on this array).
   */
  list(kind: TopLevelKind): Entry[] {
    let list = this.lists.get(kind);
    const queued = this.moves.get(kind);
    if (list && queued) {
      this.moves.delete(kind);
      list = list.slice();
      for (const [before, after] of queued) slot(list, kind, before, after);
      this.lists.set(kind, list);
    }
    if (!list) {
      list = [];
      for (const e of this.entries.values()) if (e.kind === kind) list.push(e);
      list.sort(compareEntries);
      this.lists.set(kind, list);
    }
    return list;
  }

  count(kind: TopLevelKind): number {
    return this.list(kind).length;
  }

  all(): IterableIterator<Entry> {
    return this.entries.values();
  }

  get version(): number {
    return this.structureVersion;
  }

  root(): RootInfo {
    if (!this.rootCache) {
      const r = rootMap(this.doc);
      const name = r.get('name');
      const description = r.get('description');
      this.rootCache = { name: typeof name === 'string' ? name : 'Untitled', description: description ? String(description) : '' };
    }
    return this.rootCache;
  }

  subscribe(id: string, listener: Listener): () => void {
    let set = this.byId.get(id);
    if (!set) this.byId.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byId.delete(id);
    };
  }

  /** Display names changed (search results may differ); lists did not. */
  get labels(): number {
    return this.labelVersion;
  }

  subscribeLabels(listener: Listener): () => void {
    this.labelListeners.add(listener);
    return () => this.labelListeners.delete(listener);
  }

  subscribeStructure(listener: Listener): () => void {
    this.structure.add(listener);
    return () => this.structure.delete(listener);
  }

  subscribeChanges(listener: (ids: ReadonlySet<string>) => void): () => void {
    this.anyChange.add(listener);
    return () => this.anyChange.delete(listener);
  }

  /** The whole ontology, for the validation worker's first pass and for exports. */
  /** The ontology's root fields with empty collections; `elements()` gives what goes in them. */
  header(): Ontology {
    const collections = Object.fromEntries(COLLECTIONS.map((c) => [c, {}])) as unknown as Pick<Ontology, Collection>;
    const root = this.root();
    const meta = rootMap(this.doc).get('meta');
    // Values are already schema-parsed per element; re-parsing 50k of them here would cost seconds.
    return {
      format: FORMAT_TAG, name: root.name, description: root.description,
      meta: meta && typeof meta === 'object' && 'toJSON' in meta ? (meta as Y.Map<string>).toJSON() as Record<string, string> : {},
      ...collections,
    };
  }

  /** Every element as it is now. A Map iterator: safe across edits made between two steps of it. */
  elements(): IterableIterator<Entry> {
    return this.entries.values();
  }

}
