/**
 * How long background validation waits after the last change before its next pass, shared by the
 * renderer's worker and the backend's scheduler: at least `minMs` (edits within it share a pass),
 * and at least as long as the last pass took, up to `maxMs`. A pass that took a second should not
 * start again while someone is still typing: on a small box it competes with their keystrokes
 * for a core, and the state it would judge is already stale.
 */
export function quietTime(lastPassMs: number, minMs: number, maxMs: number): number {
  return Math.max(minMs, Math.min(maxMs, lastPassMs));
}
