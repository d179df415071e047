/**
 * The renderer's problems state folds each validation answer into the previous one: what did not
 * change keeps its identity, so the selectors of the explorer rows, editors and status bar see
 * equal snapshots and nothing re-renders for an answer that repeats the last one.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../core/validate';
import { summarise } from '../../renderer/src/state/problems-summary';

const d = (id: string, code: string, severity: Diagnostic['severity'] = 'ERROR'): Diagnostic => ({ code, severity, path: `objectTypes/${id}/apiName`, message: `${code} on ${id}` });
const empty = { diagnostics: [], byElement: new Map<string, Diagnostic[]>(), counts: { errors: 0, warnings: 0, infos: 0 } };

describe('summarise', () => {
  it('groups by element and counts by severity', () => {
    const s = summarise(empty, [d('a', 'X'), d('a', 'Y', 'WARN'), d('b', 'Z', 'INFO')]);
    expect(s.byElement.get('a')?.map((x) => x.code)).toEqual(['X', 'Y']);
    expect(s.byElement.get('b')?.map((x) => x.code)).toEqual(['Z']);
    expect(s.counts).toEqual({ errors: 1, warnings: 1, infos: 1 });
  });

  it('an answer equal to the last one (fresh objects, same content) returns the previous state itself', () => {
    const first = summarise(empty, [d('a', 'X'), d('b', 'Y')]);
    expect(summarise(first, [d('a', 'X'), d('b', 'Y')])).toBe(first);
    expect(summarise(empty, [])).toBe(empty);
  });

  it('a change to one element changes only that element’s list (and the counts when they differ)', () => {
    const first = summarise(empty, [d('a', 'X'), d('b', 'Y')]);
    const next = summarise(first, [d('a', 'X'), d('b', 'Y2')]);
    expect(next).not.toBe(first);
    expect(next.byElement.get('a')).toBe(first.byElement.get('a'));
    expect(next.byElement.get('b')).not.toBe(first.byElement.get('b'));
    expect(next.counts).toBe(first.counts);
    const fixed = summarise(next, [d('a', 'X')]);
    expect(fixed.byElement.has('b')).toBe(false);
    expect(fixed.counts).toEqual({ errors: 1, warnings: 0, infos: 0 });
  });
});
