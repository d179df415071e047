/**
 * Folding a validation answer into the previous problems state (no worker, no DOM: unit-tested in
 * Node). Kept apart from problems.ts, which owns the web worker.
 */
import { countBySeverity, type Diagnostic } from '../../../core/validate';

export interface ProblemsSummary {
  diagnostics: Diagnostic[];
  /** Diagnostics grouped by the top-level element id their path starts with. */
  byElement: Map<string, Diagnostic[]>;
  counts: { errors: number; warnings: number; infos: number };
}

const diagnosticKey = (d: Diagnostic): string => `${d.severity}\u0000${d.code}\u0000${d.path}\u0000${d.message}`;

function sameList(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => diagnosticKey(d) === diagnosticKey(b[i] as Diagnostic));
}

/**
 * The new answer folded into the previous state: every element's list, the whole list and the
 * counts keep their identity where nothing changed, so a validation pass that finds what the last
 * one found re-renders nothing (the selectors of the explorer rows, editors and status bar see
 * equal snapshots), and one that changes one element's problems re-renders that element's views.
 */
export function summarise(previous: ProblemsSummary, diagnostics: Diagnostic[]): ProblemsSummary {
  if (sameList(previous.diagnostics, diagnostics)) return previous;
  const grouped = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const id = d.path.split('/')[1];
    if (id) {
      let list = grouped.get(id);
      if (!list) grouped.set(id, (list = []));
      list.push(d);
    }
  }
  const { errors, warnings, infos } = countBySeverity(diagnostics);
  const byElement = new Map<string, Diagnostic[]>();
  for (const [id, list] of grouped) {
    const before = previous.byElement.get(id);
    byElement.set(id, before && sameList(before, list) ? before : list);
  }
  const c = previous.counts;
  const counts = c.errors === errors && c.warnings === warnings && c.infos === infos ? c : { errors, warnings, infos };
  return { diagnostics, byElement, counts };
}
