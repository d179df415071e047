/**
 * The combobox's filter, apart from the DOM so it is testable under Node: substring match on
 * whatever the caller ranks (name, id…), prefix matches first, each group in the list's own order
 * (lists arrive sorted by name, so "Type1" shows Type1, Type10… before SubType1).
 */
import { SEPARATOR, type Searchable, haystackCorpus, idCorpus, scanCorpus } from '../state/name-corpus';

/** How well an item matches a lower-cased, trimmed query: 2 at the start of its name, 1 elsewhere, 0 not at all. */
export type MatchRank = 0 | 1 | 2;

/** The items matching `query` (lower-cased, trimmed by the caller); `items` itself when the query is empty. */
export function rankFilter<T>(items: readonly T[], query: string, rank: (item: T, query: string) => MatchRank, skip?: ReadonlySet<string>, keyOf?: (item: T) => string): readonly T[] {
  const skipping = skip !== undefined && skip.size > 0 && keyOf !== undefined;
  if (query.length === 0 && !skipping) return items;
  const best: T[] = [];
  const rest: T[] = [];
  for (const item of items) {
    if (skipping && skip.has(keyOf(item))) continue;
    const r = query.length === 0 ? 2 : rank(item, query);
    if (r === 2) best.push(item);
    else if (r === 1) rest.push(item);
  }
  if (rest.length === 0) return best;
  for (const item of rest) best.push(item);
  return best;
}

/** The rank of a model entry: its lower-cased apiName (`key`), then display name, then id. */
export function rankEntry(e: { id: string; key: string; haystack: string }, query: string): MatchRank {
  if (e.key.startsWith(query)) return 2;
  return e.haystack.includes(query) || e.id.toLowerCase().includes(query) ? 1 : 0;
}

/**
 * rankFilter with rankEntry over the model index's entries, by scanning the list's name and id
 * corpora (state/name-corpus.ts) instead of ranking each of 50k entries: the same answer, in the
 * same order. `labels` is the index's labels version (display names change in place in a list).
 */
export function filterEntries<E extends Searchable & { key: string }>(list: readonly E[], query: string, labels: number, skip?: ReadonlySet<string>): readonly E[] {
  const skipping = skip !== undefined && skip.size > 0;
  if (query.length === 0 || query.includes(SEPARATOR)) return rankFilter(list, query, rankEntry, skip, (e) => e.id);
  const marks = new Uint8Array(list.length);
  scanCorpus(haystackCorpus(list, labels), query, (i, offset) => {
    // The haystack starts with the lower-cased apiName, so a prefix of the name is a match at 0.
    marks[i] = offset === 0 && (list[i] as E).key.startsWith(query) ? 2 : 1;
  });
  scanCorpus(idCorpus(list, labels), query, (i) => {
    if (marks[i] === 0) marks[i] = 1;
  });
  const best: E[] = [];
  const rest: E[] = [];
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    if (m === 0) continue;
    const e = list[i] as E;
    if (skipping && skip.has(e.id)) continue;
    (m === 2 ? best : rest).push(e);
  }
  for (const e of rest) best.push(e);
  return best;
}
