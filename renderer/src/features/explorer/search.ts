/**
 * The explorer's filter over the index's sorted lists. Typing narrows: every match of a query is
 * among the matches of any query it contains, so the smallest remembered answer whose query the new
 * one contains (one letter less, or the query before a backspace and another letter) is scanned
 * instead of all 50k names again. A scan of a whole list searches its name corpus (name-corpus.ts).
 */
import type { TopLevelKind } from '../../../../core/model';
import type { Entry } from '../../state/model-index';
import { SEPARATOR, haystackCorpus, scanCorpus } from '../../state/name-corpus';
import type { ExplorerFilter } from '../../state/ui';

type StatusFilter = ExplorerFilter['status'];

interface Answer {
  query: string;
  status: StatusFilter;
  shown: readonly Entry[];
}

/**
 * What a list's answers were computed from. The index hands out a new array when the structure
 * moves, and edits display names in place in it (the labels version says so).
 */
interface KindCache {
  from: readonly Entry[];
  labels: number;
  answers: Answer[];
}

/** Answers kept per kind: enough for a few backspaces and retypes, few enough to try them all. */
const KEPT = 8;

const statusOf = (e: Entry): string => (e.value as { status: string }).status;
const matches = (e: Entry, query: string, status: StatusFilter): boolean =>
  (!query || e.haystack.includes(query)) && (status === 'any' || statusOf(e) === status);

/** The entries of `all` whose haystack contains `query` (non-empty, without SEPARATOR), in order. */
function scanAll(all: readonly Entry[], labels: number, query: string, status: StatusFilter): Entry[] {
  const out: Entry[] = [];
  scanCorpus(haystackCorpus(all, labels), query, (i) => {
    const e = all[i] as Entry;
    if (status === 'any' || statusOf(e) === status) out.push(e);
  });
  return out;
}

export class ExplorerSearch {
  private readonly caches = new Map<TopLevelKind, KindCache>();

  /** `all` filtered by a lower-cased `query` and a status; `all` itself when nothing filters. */
  filter(kind: TopLevelKind, all: readonly Entry[], labels: number, query: string, status: StatusFilter): readonly Entry[] {
    if (!query && status === 'any') {
      this.caches.delete(kind);
      return all;
    }
    let cache = this.caches.get(kind);
    if (!cache || cache.from !== all || cache.labels !== labels) {
      cache = { from: all, labels, answers: [] };
      this.caches.set(kind, cache);
    }
    let base: Answer | undefined;
    for (const a of cache.answers) {
      if (a.status !== status || !query.includes(a.query)) continue;
      if (a.query === query) return a.shown;
      if (!base || a.shown.length < base.shown.length) base = a;
    }
    let shown: Entry[];
    if (base) shown = base.shown.filter((e) => matches(e, query, status));
    else if (query && !query.includes(SEPARATOR)) shown = scanAll(all, labels, query, status);
    else shown = all.filter((e) => matches(e, query, status));
    cache.answers.push({ query, status, shown });
    if (cache.answers.length > KEPT) cache.answers.shift();
    return shown;
  }
}
