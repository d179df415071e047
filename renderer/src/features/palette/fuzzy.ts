/** Subsequence match with a score that favours word starts and contiguous runs ("nob" → "New object type"). */
export function fuzzyScore(query: string, text: string): number {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  if (q.length === 0) return 1;
  const direct = t.indexOf(q);
  if (direct >= 0) return 1000 - direct;
  let score = 0;
  let ti = 0;
  let run = 0;
  for (const ch of q) {
    if (ch === ' ') continue;
    const found = t.indexOf(ch, ti);
    if (found < 0) return 0;
    const wordStart = found === 0 || t[found - 1] === ' ' || t[found - 1] === '.';
    run = found === ti ? run + 1 : 0;
    score += 1 + (wordStart ? 8 : 0) + run * 2;
    ti = found + 1;
  }
  return score;
}
