/**
 * Merging branches of a workspace: preview (dry run, writes nothing), apply (fast-forward or a
 * three-way merge landed on the target's live doc in one `merge`-origin transaction, then a merge
 * commit with two parents), and abort (drop an applied but uncommitted merge).
 *
 * Apply is all-or-nothing: it is refused while ERROR/BLOCK conflicts remain or post-merge
 * validation blocks, and if the commit fails after the doc changed, the working state is put back.
 */
import { z } from 'zod';
import { OmsError } from '../../../core/errors';
import { analyzeChanges, type ChangeReport } from '../../../core/changes';
import { diffOntologies, type OntologyDiff } from '../../../core/diff';
import { isApplicable, merge3, type Conflict, type MergeResult, type Resolution, type ResolutionRule } from '../../../core/merge';
import { emptyOntology, type Ontology } from '../../../core/model';
import { validate, type Diagnostic } from '../../../core/validate';
import { ORIGIN } from '../../../core/yjs';
import type { Commit, Workspace } from '../store';
import { MergeFlowError } from './errors';

/** What a `--resolve` file holds: conflict id → resolution. */
export const ResolutionsFile = z.record(
  z.string().min(1),
  z.union([
    z.strictObject({ pick: z.enum(['ours', 'theirs', 'base']) }),
    z.strictObject({ pick: z.literal('custom'), value: z.unknown() }),
  ]),
);

export interface MergeRequest {
  /** Ref merged in: a branch, tag or commit. Its committed head is merged, not its working state. */
  source: string;
  /** Target branch (default: the workspace's default branch). */
  into?: string;
  resolutions?: Record<string, Resolution>;
  /** Resolution rules (default: core/merge DEFAULT_RULES). */
  rules?: readonly ResolutionRule[];
}

export type MergeMode = 'up-to-date' | 'fast-forward' | 'merge';

export interface PostMergeDiagnostic extends Diagnostic {
  /** Not present in the target before the merge. */
  introduced: boolean;
}

export interface MergePreview extends MergeAssessment {
  mode: MergeMode;
  source: { ref: string; commit: string };
  into: { branch: string; head: string; dirty: boolean };
  base: string | null;
  merge: MergeResult;
}

export interface MergeOutcome {
  preview: MergePreview;
  /** The merge commit, or for a fast-forward the source commit the branch now points at. */
  commit: Commit;
}

const diagnosticKey = (d: Diagnostic): string => `${d.code}\u0000${d.path}`;

export interface MergeAssessment {
  /** Validation of the merge result; `introduced` marks findings the target did not have. */
  diagnostics: PostMergeDiagnostic[];
  /** What the merge changes in the target, classified. */
  changes: ChangeReport;
  diff: OntologyDiff;
  /** Why apply would refuse; empty when it would go ahead. */
  blockers: string[];
}

/** What a merge result means for the target `ours`: validation, change analysis, and what blocks applying it. */
export function assessMerge(ours: Ontology, merge: MergeResult): MergeAssessment {
  const before = new Set(validate(ours).map(diagnosticKey));
  const diagnostics = validate(merge.result).map((d) => ({ ...d, introduced: !before.has(diagnosticKey(d)) }));
  const diff = diffOntologies(ours, merge.result);
  return { diagnostics, changes: analyzeChanges(ours, merge.result, diff), diff, blockers: conflictBlockers(merge.conflicts, diagnostics) };
}

function conflictBlockers(conflicts: readonly Conflict[], diagnostics: readonly Diagnostic[]): string[] {
  const out: string[] = [];
  const hard = conflicts.filter((c) => !isApplicable({ conflicts: [c] }));
  if (hard.length > 0) out.push(`${hard.length} unresolved ERROR/BLOCK conflict(s)`);
  const blocking = diagnostics.filter((d) => d.severity === 'BLOCK');
  if (blocking.length > 0) out.push(`post-merge validation blocks (${blocking.length}): ${blocking[0]?.path}: ${blocking[0]?.message}`);
  return out;
}

export async function previewMerge(ws: Workspace, req: MergeRequest): Promise<MergePreview> {
  const branch = ws.getBranch(req.into ?? ws.defaultBranch);
  const sourceHead = ws.resolveRef(req.source, { branch: branch.name });
  const status = await ws.status(branch.name);
  const ours = await ws.readWorking(branch.name);
  const theirs = ws.checkout(sourceHead);
  const base = ws.mergeBase(branch.head, sourceHead);
  const mode: MergeMode = ws.commits.isAncestor(sourceHead, branch.head) ? 'up-to-date' : base?.id === branch.head ? 'fast-forward' : 'merge';
  // Unrelated histories merge against an empty base: every element is "added on both sides".
  const baseOntology = base ? ws.checkout(base.id) : emptyOntology(ours.name);
  const merge = mode === 'fast-forward' && !status.dirty
    ? merge3(theirs, theirs, theirs)
    : merge3(baseOntology, ours, theirs, { ...(req.rules ? { rules: req.rules } : {}), ...(req.resolutions ? { resolutions: req.resolutions } : {}) });
  const assessment = assessMerge(ours, merge);
  const blockers = [
    ...(mode === 'up-to-date' ? ['already up to date: the source is contained in the target'] : []),
    ...(status.dirty ? ['the target branch has uncommitted changes: commit or discard them first'] : []),
    ...assessment.blockers,
  ];
  return {
    mode,
    source: { ref: req.source, commit: sourceHead },
    into: { branch: branch.name, head: branch.head, dirty: status.dirty },
    base: base?.id ?? null,
    merge,
    ...assessment,
    blockers,
  };
}

export interface ApplyOptions {
  author: string;
  message?: string;
}

/** Fast-forward through the store's guarded head move; a head that moved meanwhile means the preview is stale. */
function moveHead(ws: Workspace, branch: string, from: string, to: string): void {
  try {
    ws.fastForward(branch, from, to);
  } catch (err) {
    if (err instanceof OmsError && err.code === 'BRANCH_IN_USE') {
      throw new MergeFlowError('MERGE_STALE', 'the target branch moved during the merge; run it again', { cause: err.code });
    }
    throw err;
  }
}

export async function applyMerge(ws: Workspace, req: MergeRequest, options: ApplyOptions): Promise<MergeOutcome> {
  const preview = await previewMerge(ws, req);
  if (preview.blockers.length > 0) {
    const code = preview.mode === 'up-to-date' ? 'MERGE_UP_TO_DATE'
      : preview.into.dirty ? 'MERGE_TARGET_DIRTY'
        : preview.merge.conflicts.some((c) => !isApplicable({ conflicts: [c] })) ? 'MERGE_CONFLICT' : 'MERGE_BLOCKED';
    throw new MergeFlowError(code, `cannot merge ${req.source} into ${preview.into.branch}: ${preview.blockers.join('; ')}`, {
      blockers: preview.blockers,
      conflicts: preview.merge.conflicts.map((c) => ({ id: c.id, code: c.code, severity: c.severity, path: c.path.join('/'), message: c.message })),
    });
  }
  if (preview.merge.unknownResolutions.length > 0) {
    throw new MergeFlowError('MERGE_RESOLUTIONS_INVALID', `resolutions for unknown conflict ids: ${preview.merge.unknownResolutions.join(', ')} (stale resolve file?)`, { ids: preview.merge.unknownResolutions });
  }
  const name = preview.into.branch;
  // The preview found the target clean at its head, so the result was merged against that head:
  // applying it over anything else (an edit or commit since) would silently drop that change.
  const stale = (): MergeFlowError => new MergeFlowError('MERGE_STALE', `${name} changed while merging; run the merge again`);
  const now = await ws.status(name);
  if (now.dirty || now.branch.head !== preview.into.head) throw stale();
  const ours = ws.checkout(preview.into.head);
  try {
    await ws.setWorking(name, preview.merge.result, ORIGIN.merge, { expect: ours });
  } catch (err) {
    if (err instanceof OmsError && err.code === 'BRANCH_IN_USE') throw stale();
    throw err;
  }
  try {
    if (preview.mode === 'fast-forward') {
      moveHead(ws, name, preview.into.head, preview.source.commit);
      return { preview, commit: ws.commits.get(preview.source.commit) };
    }
    const message = options.message ?? `Merge ${req.source} into ${name}`;
    const { commit } = await ws.commit(name, { message, author: options.author, mergeParents: [preview.source.commit], allowEmpty: true });
    return { preview, commit };
  } catch (err) {
    await takeBack(ws, name, ours, preview.merge.result, err);
    throw err;
  }
}

/**
 * The head did not move: take the merge back out of the working state. Only the merge's own changes
 * go; edits made meanwhile (another process, the open editor) stay, unlike resetting to `ours`.
 */
async function takeBack(ws: Workspace, name: string, ours: Ontology, merged: Ontology, cause: unknown): Promise<void> {
  try {
    await ws.unapply(name, ours, merged, { what: 'taking back the failed merge' });
  } catch (err) {
    const why = (e: unknown): string => (e instanceof OmsError ? `${e.code}: ${e.message}` : String(e));
    throw new MergeFlowError('MERGE_STALE', `the merge into ${name} failed (${why(cause)}) and taking it back out of the working state failed too (${why(err)}); review it with oms diff, then commit or discard`, { branch: name });
  }
}

/** Abort an applied but uncommitted merge (or any uncommitted change): the working state becomes the head again. */
export async function abortMerge(ws: Workspace, into?: string): Promise<OntologyDiff> {
  return ws.discard(into ?? ws.defaultBranch);
}
