/**
 * Substring search over every name of a 50k-entry list as one string: one native indexOf per
 * match instead of an `includes` call (and, for ids, a lower-casing) per entry. The explorer's
 * search and the element pickers scan the same corpora, cached per list.
 */
import type { Entry } from './model-index';

/** What a corpus is made of: a model index entry's id and lower-cased names. */
export type Searchable = Pick<Entry, 'id' | 'haystack'>;

/** Texts joined by SEPARATOR, and where each starts in the joined string. */
export interface Corpus {
  text: string;
  starts: Int32Array;
}

/**
 * Between two texts in a corpus. A query without it cannot match across two texts, so a match in
 * the corpus is a match in one text (a text that holds it itself is still found: its occurrence
 * lies inside that text's span).
 */
export const SEPARATOR = '\u0000';

export function corpusOf(count: number, textAt: (i: number) => string): Corpus {
  const starts = new Int32Array(count + 1);
  const parts = new Array<string>(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const t = textAt(i);
    starts[i] = at;
    parts[i] = t;
    at += t.length + 1;
  }
  starts[count] = at;
  return { text: parts.join(SEPARATOR), starts };
}

/** The last i with starts[i] <= pos. */
function textAt(starts: Int32Array, pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * `onMatch(i, offset)` for each text i that contains `query` (non-empty, without SEPARATOR), in
 * order, once, with the offset of its first occurrence in that text.
 */
export function scanCorpus(corpus: Corpus, query: string, onMatch: (i: number, offset: number) => void): void {
  const { text, starts } = corpus;
  let pos = text.indexOf(query);
  while (pos >= 0) {
    const i = textAt(starts, pos);
    onMatch(i, pos - (starts[i] as number));
    // The next match in a later text: this one is reported already.
    pos = text.indexOf(query, starts[i + 1] as number);
  }
}

interface ListCorpora {
  labels: number;
  haystacks?: Corpus;
  ids?: Corpus;
}

/**
 * The index hands out a new list when its structure moves, and edits display names in place in it
 * (its labels version says so): corpora are kept per list and labels version.
 */
const cache = new WeakMap<readonly Searchable[], ListCorpora>();

function corporaOf(list: readonly Searchable[], labels: number): ListCorpora {
  let c = cache.get(list);
  if (!c || c.labels !== labels) cache.set(list, (c = { labels }));
  return c;
}

/** The list's lower-cased haystacks (apiName and display name) as one corpus. */
export function haystackCorpus(list: readonly Searchable[], labels: number): Corpus {
  const c = corporaOf(list, labels);
  return (c.haystacks ??= corpusOf(list.length, (i) => (list[i] as Searchable).haystack));
}

/** The list's lower-cased ids as one corpus (ids never change in place, but share the entry). */
export function idCorpus(list: readonly Searchable[], labels: number): Corpus {
  const c = corporaOf(list, labels);
  return (c.ids ??= corpusOf(list.length, (i) => (list[i] as Searchable).id.toLowerCase()));
}
