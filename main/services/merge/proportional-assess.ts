/**
 * What a proportional merge means for the target, without reading the target whole: validation,
 * the diff and the change analysis of the result against the target, on a view.
 *
 * D, the elements the merge changes in the target, is what differs between the target's snapshot
 * and the snapshot the result is built on (itself for a merge, the source for a fast-forward), plus
 * the merged ids whose result differs from the target. The findings are the target's outside the
 * affected set A of D plus validation of A on the result restricted to W, what judging A needs
 * (store/incremental-validate.ts, shared with a live branch's commit). diff and analysis run on
 * the target and the result restricted to W (elements outside D are equal on both, so they add
 * nothing; those inside D find their ancestors and referenced names in W).
 */
import { analyzeChanges } from '../../../core/changes';
import { diffOntologies } from '../../../core/diff';
import { deepEqual } from '../../../core/diff/values';
import { COLLECTIONS, type Ontology } from '../../../core/model';
import type { Diagnostic } from '../../../core/validate';
import { splitKey, type EntityKey, type ManifestReader } from '../store/changed-ids';
import type { EntityIndex } from '../store/entity-index';
import { affectedAndJudged, combineFindings, restricted } from '../store/incremental-validate';
import type { OntologyDiff } from '../../../core/diff';
import type { ChangeReport } from '../../../core/changes';
import type { ProportionalMerge } from './proportional';

export interface ProportionalAnalysis {
  diagnostics: Diagnostic[];
  diff: OntologyDiff;
  changes: ChangeReport;
  /** Sizes of the sets above, for the preview's report of what was read. */
  sizes: { differs: number; affected: number; judged: number };
}

export function proportionalAnalysis(
  reader: ManifestReader, index: EntityIndex, pm: ProportionalMerge,
  snaps: { ours: string; resultBase: string }, oursDiagnostics: readonly Diagnostic[],
): ProportionalAnalysis {
  const valueIn = (snapshot: string, key: EntityKey): unknown => {
    const [c, id] = splitKey(key);
    const h = reader.hashOf(snapshot, c, id);
    return h === undefined ? undefined : reader.entity(snapshot, h);
  };
  const oursOf = (key: EntityKey): unknown => valueIn(snaps.ours, key);
  const resultOf = (key: EntityKey): unknown => {
    if (!pm.view.keys.has(key)) return valueIn(snaps.resultBase, key);
    const [c, id] = splitKey(key);
    return (pm.partialResult[c] as Record<string, unknown>)[id];
  };

  const changed = new Set(reader.changedKeys(snaps.ours, snaps.resultBase));
  for (const key of pm.view.keys) if (!deepEqual(oursOf(key), resultOf(key))) changed.add(key);

  const { affected, judged } = affectedAndJudged(index, snaps.ours, changed, { base: oursOf, result: resultOf });

  const ours = restricted(reader.header(snaps.ours), judged, oursOf, (k) => reader.hashOf(snaps.ours, ...splitKey(k)) !== undefined, undefined);
  const result = restricted(headerOf(pm.partialResult), judged, resultOf, (k) => reader.hashOf(snaps.resultBase, ...splitKey(k)) !== undefined, pm.partialResult);
  const diagnostics = combineFindings(oursDiagnostics, affected, result);
  const diff = diffOntologies(ours, result);
  return { diagnostics, diff, changes: analyzeChanges(ours, result, diff), sizes: { differs: changed.size, affected: affected.size, judged: judged.size } };
}

function headerOf(o: Ontology): Record<string, unknown> {
  const h: Record<string, unknown> = { ...o };
  for (const c of COLLECTIONS) delete h[c];
  return h;
}
