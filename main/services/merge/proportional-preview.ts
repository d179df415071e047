/**
 * The merge preview's proportional path: decides whether it applies, brings the entity index up to
 * date for the three snapshots (in proportion to what changed since an indexed neighbour), runs the
 * proportional merge and analysis, and says what it read. Where it cannot decide it returns the
 * reason and the caller runs the full merge (the reference) instead.
 */
import { OmsError } from '../../../core/errors';
import type { MergeOptions, MergeResult } from '../../../core/merge';
import type { Diagnostic } from '../../../core/validate';
import { ManifestReader, splitKey, type ReadCounts } from '../store/changed-ids';
import { patchFromPartial, type SnapshotPatch } from '../store/snapshots';
import { EntityIndex, INDEX_NEIGHBOURS, indexUnavailable, type IndexBuild } from '../store/entity-index';
import { translateSqliteError, type StoreError } from '../store/errors';
import type { Commit, Workspace } from '../store';
import { proportionalAnalysis, type ProportionalAnalysis } from './proportional-assess';
import { IncrementalUnsupported } from '../store/incremental-validate';
import { proportionalMerge } from './proportional';

/** How a preview was computed: in proportion to the change, or by the full merge and why. */
export type MergeStrategy =
  | { kind: 'proportional'; changed: number; view: number; differs: number; affected: number; judged: number; rounds: number; read: ReadCounts; index: IndexBuild }
  | { kind: 'full'; reason: string };

export interface ProportionalPreview {
  merge: MergeResult;
  /** The merge result as a change to the target's snapshot (what apply stores; empty for a fast-forward). */
  patch: SnapshotPatch;
  analysis: ProportionalAnalysis;
  strategy: Extract<MergeStrategy, { kind: 'proportional' }>;
}

export interface PreviewInputs {
  /** The target's head; the target must be clean (its working state equals this commit). */
  head: Commit;
  /** The source's head commit. */
  source: Commit;
  base: Commit | undefined;
  fastForward: boolean;
  options: MergeOptions;
  oursDiagnostics: () => Promise<Diagnostic[]>;
}

/** Snapshots of `from`'s first-parent ancestors, nearest first (`from` itself excluded). */
function neighbours(ws: Workspace, from: Commit): string[] {
  const first = from.parents[0];
  return first ? ws.commits.firstParentSnapshots(first, INDEX_NEIGHBOURS) : [];
}

export async function proportionalPreview(ws: Workspace, inputs: PreviewInputs): Promise<ProportionalPreview | { reason: string }> {
  if (!inputs.base) return { reason: 'no common history: every element is new on both sides' };
  const reader = new ManifestReader(ws.db);
  const write = <T>(fn: () => T): T => {
    try {
      return ws.db.inTransaction ? fn() : ws.db.transaction(fn).immediate();
    } catch (err) {
      if (err instanceof OmsError) throw err;
      translateSqliteError(err, ws.file, 'indexing snapshots for a merge preview');
    }
  };
  const snaps = inputs.fastForward
    ? { base: inputs.source.snapshot, ours: inputs.source.snapshot, theirs: inputs.source.snapshot }
    : { base: inputs.base.snapshot, ours: inputs.head.snapshot, theirs: inputs.source.snapshot };
  const resultBase = inputs.fastForward ? inputs.source.snapshot : inputs.head.snapshot;
  // The base first: the two heads are then indexed by what each changed since it.
  const wanted = [inputs.base, inputs.head, inputs.source].map((c) => ({ snapshot: c.snapshot, near: neighbours(ws, c) }));
  let opened: ReturnType<typeof EntityIndex.open>;
  try {
    opened = EntityIndex.open(ws.db, reader, wanted, write);
  } catch (err) {
    // A preview is a read: a store busy with a long write or out of space still gets one, the slow way.
    const why = indexUnavailable(err);
    if (why) return { reason: `the entity index does not cover these snapshots yet and ${why} (${(err as StoreError).code})` };
    throw err;
  }
  const { index, build } = opened;
  try {
    const pm = proportionalMerge(reader, index, snaps, inputs.options, () => ws.snapshots.read(resultBase));
    const analysis = proportionalAnalysis(reader, index, pm, { ours: inputs.head.snapshot, resultBase }, await inputs.oursDiagnostics());
    return {
      merge: pm.merge,
      patch: inputs.fastForward ? { entities: new Map() } : patchFromPartial(pm.partialResult, [...pm.view.keys].map(splitKey), true),
      analysis,
      strategy: { kind: 'proportional', changed: pm.changed.size, view: pm.view.keys.size, ...analysis.sizes, rounds: pm.rounds, read: { ...reader.read }, index: build },
    };
  } catch (err) {
    // ProportionalUnsupported is one: the merge's own limits, and the shared incremental validation's.
    if (err instanceof IncrementalUnsupported) return { reason: err.message };
    throw err;
  }
}
