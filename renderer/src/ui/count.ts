/** "1 error", "2 errors": a count with its noun in the number it needs (English only, like the UI). */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
