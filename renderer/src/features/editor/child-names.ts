/** A fresh member name like `field2` that no sibling uses yet (case-insensitive, as validation compares). */
export function uniqueChildName(taken: readonly string[], base: string): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  let i = 2;
  while (lower.has(`${base}${i}`.toLowerCase())) i++;
  return `${base}${i}`;
}
