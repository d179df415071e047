/**
 * The explorer's filter over the index's sorted lists. Typing narrows: every match of a query is
 * among the matches of any query it contains, so the smallest remembered answer whose query the new
 * one contains (one letter less, or the query before a backspace and another letter) is scanned
 * instead of all 50k names again. A scan of a whole list searches one string holding every name of
 * the list: one indexOf per match instead of an includes call per entry.
 */
import type { TopLevelKind } from '../../../../core/model';
import type { Entry } from '../../state/model-index';
import type { ExplorerFilter } from '../../state/ui';

type StatusFilter = ExplorerFilter['status'];

interface Answer {
  query: string;
  status: StatusFilter;
  shown: readonly Entry[];
}

/** Every haystack of one list joined by SEPARATOR, and where each starts in it. */
interface Corpus {
  text: string;
  starts: Int32Array;
}

/**
 * What a list's answers and its corpus were computed from. The index hands out a new array when
 * the structure moves, and edits display names in place in it (the labels version says so).
 */
interface KindCache {
  from: readonly Entry[];
  labels: number;
  answers: Answer[];
  corpus?: Corpus;
}

/**
 * Between two haystacks in a corpus. A query without it cannot match across two names, so a match
 * in the corpus is a match in one haystack (a name that holds it itself is still found: its
 * occurrence lies inside that name's span).
 */
const SEPARATOR = '\u0000';
/** Answers kept per kind: enough for a few backspaces and retypes, few enough to try them all. */
const KEPT = 8;

const statusOf = (e: Entry): string => (e.value as { status: string }).status;
const matches = (e: Entry, query: string, status: StatusFilter): boolean =>
  (!query || e.haystack.includes(query)) && (status === 'any' || statusOf(e) === status);

function corpusOf(all: readonly Entry[]): Corpus {
  const starts = new Int32Array(all.length + 1);
  const parts = new Array<string>(all.length);
  let at = 0;
  for (let i = 0; i < all.length; i++) {
    const h = (all[i] as Entry).haystack;
    starts[i] = at;
    parts[i] = h;
    at += h.length + 1;
  }
  starts[all.length] = at;
  return { text: parts.join(SEPARATOR), starts };
}

/** The last i with starts[i] <= pos. */
function entryAt(starts: Int32Array, pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The entries of `all` whose haystack contains `query` (non-empty, without SEPARATOR), in order. */
function scanCorpus(all: readonly Entry[], corpus: Corpus, query: string, status: StatusFilter): Entry[] {
  const out: Entry[] = [];
  const { text, starts } = corpus;
  let pos = text.indexOf(query);
  while (pos >= 0) {
    const i = entryAt(starts, pos);
    const e = all[i] as Entry;
    if (status === 'any' || statusOf(e) === status) out.push(e);
    // The next match in a later name: this one is in already.
    pos = text.indexOf(query, starts[i + 1] as number);
  }
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
    else if (query && !query.includes(SEPARATOR)) shown = scanCorpus(all, (cache.corpus ??= corpusOf(all)), query, status);
    else shown = all.filter((e) => matches(e, query, status));
    cache.answers.push({ query, status, shown });
    if (cache.answers.length > KEPT) cache.answers.shift();
    return shown;
  }
}
