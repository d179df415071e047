/**
 * Merging branches of a workspace: preview (dry run, writes nothing), apply (fast-forward or a
 * three-way merge landed on the target's live doc in one `merge`-origin transaction, then a merge
 * commit with two parents), and abort (drop an applied but uncommitted merge).
 *
 * Apply is all-or-nothing: the working state and the merge commit (or the fast-forwarded head) land
 * in one store transaction. It is refused while conflicts remain unresolved or the result has new
 * validation ERRORs, unless the request explicitly accepts them (`acceptConflicts`, `acceptErrors`);
 * what was accepted is recorded in the merge commit's message as trailers. BLOCK findings and BLOCK
 * conflicts are never accepted.
 */
import { z } from 'zod';
import { OmsError } from '../../../core/errors';
import { analyzeChanges, type ChangeReport } from '../../../core/changes';
import { diffOntologies, type OntologyDiff } from '../../../core/diff';
import { merge3, type Conflict, type MergeResult, type Resolution, type ResolutionRule } from '../../../core/merge';
import { emptyOntology, type Ontology } from '../../../core/model';
import { validate, type Diagnostic } from '../../../core/validate';
import type { Commit, Workspace } from '../store';
import type { SnapshotPatch } from '../store/snapshots';
import { MergeFlowError, type MergeFlowErrorCode } from './errors';
import { proportionalPreview, type MergeStrategy } from './proportional-preview';

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
  /** Apply although conflicts remain (their slots keep the target's value); recorded in the merge commit. */
  acceptConflicts?: boolean;
  /** Apply although the result has validation ERRORs the target did not have; recorded in the merge commit. */
  acceptErrors?: boolean;
}

export type MergeMode = 'up-to-date' | 'fast-forward' | 'merge';

export interface PostMergeDiagnostic extends Diagnostic {
  /** Not present in the target before the merge. */
  introduced: boolean;
}

export interface MergePreview extends MergeAssessment {
  mode: MergeMode;
  /** In proportion to the change (what was read), or the full merge and why. */
  strategy: MergeStrategy;
  source: { ref: string; commit: string };
  into: { branch: string; head: string; dirty: boolean };
  base: string | null;
  merge: MergeResult;
}

export interface PreviewOptions {
  /** Run the full three-way merge over whole ontologies (the reference the proportional path is tested against). */
  full?: boolean;
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
  /** What applying needs explicitly accepted: unresolved conflicts, and ERRORs the merge introduces. */
  needsAcceptance: { conflicts: Conflict[]; errors: Diagnostic[] };
}

export interface Acceptance {
  acceptConflicts?: boolean;
  acceptErrors?: boolean;
}

/**
 * What a merge result means for the target `ours`: validation, change analysis, and what blocks
 * applying it. Nothing is dropped without a decision: every unresolved conflict, whatever its
 * severity, and every ERROR the merge introduces blocks unless explicitly accepted.
 */
export function assessMerge(ours: Ontology, merge: MergeResult, accept: Acceptance = {}, oursDiagnostics?: readonly Diagnostic[]): MergeAssessment {
  const before = oursDiagnostics ?? validate(ours);
  const diff = diffOntologies(ours, merge.result);
  return assessmentOf(merge.conflicts, validate(merge.result), before, diff, analyzeChanges(ours, merge.result, diff), accept);
}

/** The assessment from a result's findings, diff and change report, however they were computed. */
export function assessmentOf(conflicts: readonly Conflict[], found: readonly Diagnostic[], oursDiagnostics: readonly Diagnostic[], diff: OntologyDiff, changes: ChangeReport, accept: Acceptance): MergeAssessment {
  const before = new Set(oursDiagnostics.map(diagnosticKey));
  const diagnostics = found.map((d) => ({ ...d, introduced: !before.has(diagnosticKey(d)) }));
  const needsAcceptance = {
    conflicts: conflicts.filter((c) => c.severity !== 'BLOCK'),
    errors: diagnostics.filter((d) => d.introduced && d.severity === 'ERROR'),
  };
  return { diagnostics, changes, diff, blockers: conflictBlockers(conflicts, diagnostics, needsAcceptance, accept), needsAcceptance };
}

function conflictBlockers(conflicts: readonly Conflict[], diagnostics: readonly Diagnostic[], needs: MergeAssessment['needsAcceptance'], accept: Acceptance): string[] {
  const out: string[] = [];
  const ids = (cs: readonly Conflict[]): string => `${cs.slice(0, 3).map((c) => c.id).join(', ')}${cs.length > 3 ? ', …' : ''}`;
  const hard = conflicts.filter((c) => c.severity === 'BLOCK' || (c.severity === 'ERROR' && !accept.acceptConflicts));
  if (hard.length > 0) out.push(`${hard.length} unresolved ERROR/BLOCK conflict(s) (${ids(hard)})${accept.acceptConflicts ? ': BLOCK conflicts cannot be accepted' : ''}`);
  const soft = conflicts.filter((c) => c.severity === 'WARN' || c.severity === 'INFO');
  if (soft.length > 0 && !accept.acceptConflicts) out.push(`${soft.length} unresolved WARN/INFO conflict(s) (${ids(soft)}): resolve them, or accept them explicitly`);
  if (needs.errors.length > 0 && !accept.acceptErrors) {
    out.push(`the merge introduces ${needs.errors.length} validation ERROR(s), first: ${needs.errors[0]?.code} ${needs.errors[0]?.path}: fix them, or accept them explicitly`);
  }
  const blocking = diagnostics.filter((d) => d.severity === 'BLOCK');
  if (blocking.length > 0) out.push(`post-merge validation blocks (${blocking.length}): ${blocking[0]?.path}: ${blocking[0]?.message}`);
  return out;
}

/** Git-style trailers naming what a merge commit accepted unresolved, so history says who decided. */
export function acceptanceTrailers(needs: MergeAssessment['needsAcceptance'], accept: Acceptance): string[] {
  const lines: string[] = [];
  if (accept.acceptConflicts) for (const c of needs.conflicts) lines.push(`Accepted-Conflict: ${c.id} ${c.code} ${c.path.join('/')}`);
  if (accept.acceptErrors) for (const d of needs.errors) lines.push(`Accepted-Error: ${d.code} ${d.path}`);
  return lines;
}

export async function previewMerge(ws: Workspace, req: MergeRequest, opts: PreviewOptions = {}): Promise<MergePreview> {
  return (await computePreview(ws, req, opts)).preview;
}

/** What apply needs besides the preview when it was proportional: the result as a patch of the target's stored working snapshot. */
interface Landing {
  patch: SnapshotPatch;
  working: string;
}

async function computePreview(ws: Workspace, req: MergeRequest, opts: PreviewOptions = {}): Promise<{ preview: MergePreview; landing?: Landing }> {
  const branch = ws.getBranch(req.into ?? ws.defaultBranch);
  const sourceHead = ws.resolveRef(req.source, { branch: branch.name });
  const status = await ws.status(branch.name);
  const base = ws.mergeBase(branch.head, sourceHead);
  const mode: MergeMode = ws.commits.isAncestor(sourceHead, branch.head) ? 'up-to-date' : base?.id === branch.head ? 'fast-forward' : 'merge';
  const options = { ...(req.rules ? { rules: req.rules } : {}), ...(req.resolutions ? { resolutions: req.resolutions } : {}) };
  const accept = { acceptConflicts: req.acceptConflicts ?? false, acceptErrors: req.acceptErrors ?? false };
  const blockers = (assessment: MergeAssessment): string[] => [
    ...(mode === 'up-to-date' ? ['already up to date: the source is contained in the target'] : []),
    ...(status.dirty ? ['the target branch has uncommitted changes: commit or discard them first'] : []),
    ...assessment.blockers,
  ];
  const header = { mode, source: { ref: req.source, commit: sourceHead }, into: { branch: branch.name, head: branch.head, dirty: status.dirty }, base: base?.id ?? null };
  const fastForward = mode === 'fast-forward' && !status.dirty;
  let reason = opts.full ? 'asked for the full merge' : status.dirty ? 'the target has uncommitted changes (its working state is not a stored snapshot)' : '';
  if (!reason) {
    // The target's findings are stored with its snapshot: validating it again would be a full pass for nothing.
    const fast = await proportionalPreview(ws, {
      head: ws.commits.get(branch.head), source: ws.commits.get(sourceHead), base, fastForward, options,
      oursDiagnostics: () => ws.workingDiagnostics(branch.name),
    });
    if ('merge' in fast) {
      const a = fast.analysis;
      const assessment = assessmentOf(fast.merge.conflicts, a.diagnostics, await ws.workingDiagnostics(branch.name), a.diff, a.changes, accept);
      return {
        preview: { ...header, merge: fast.merge, ...assessment, blockers: blockers(assessment), strategy: fast.strategy },
        landing: { patch: fast.patch, working: status.workingHash },
      };
    }
    reason = fast.reason;
  }
  const ours = await ws.readWorking(branch.name);
  const theirs = ws.checkout(sourceHead);
  // Unrelated histories merge against an empty base: every element is "added on both sides".
  const baseOntology = base ? ws.checkout(base.id) : emptyOntology(ours.name);
  const merge = fastForward ? merge3(theirs, theirs, theirs) : merge3(baseOntology, ours, theirs, options);
  const assessment = assessMerge(ours, merge, accept, await ws.workingDiagnostics(branch.name));
  return { preview: { ...header, merge, ...assessment, blockers: blockers(assessment), strategy: { kind: 'full', reason } } };
}

export interface ApplyOptions {
  author: string;
  message?: string;
  /** Preview and land through the full three-way merge (the reference the proportional path is tested against). */
  full?: boolean;
}

function refusalCode(preview: MergePreview, req: MergeRequest): MergeFlowErrorCode {
  if (preview.mode === 'up-to-date') return 'MERGE_UP_TO_DATE';
  if (preview.into.dirty) return 'MERGE_TARGET_DIRTY';
  if (preview.merge.conflicts.some((c) => c.severity === 'BLOCK')) return 'MERGE_CONFLICT';
  if (preview.needsAcceptance.conflicts.length > 0 && !req.acceptConflicts) return 'MERGE_CONFLICT';
  if (preview.diagnostics.some((d) => d.severity === 'BLOCK')) return 'MERGE_BLOCKED';
  if (preview.needsAcceptance.errors.length > 0 && !req.acceptErrors) return 'MERGE_INTRODUCES_ERRORS';
  return 'MERGE_BLOCKED';
}

export async function applyMerge(ws: Workspace, req: MergeRequest, options: ApplyOptions): Promise<MergeOutcome> {
  const { preview, landing } = await computePreview(ws, req, { full: options.full ?? false });
  // A stale resolve file first: its answers were meant for other conflicts.
  if (preview.merge.unknownResolutions.length > 0) {
    throw new MergeFlowError('MERGE_RESOLUTIONS_INVALID', `resolutions for unknown conflict ids: ${preview.merge.unknownResolutions.join(', ')} (stale resolve file?)`, { ids: preview.merge.unknownResolutions });
  }
  if (preview.blockers.length > 0) {
    throw new MergeFlowError(refusalCode(preview, req), `cannot merge ${req.source} into ${preview.into.branch}: ${preview.blockers.join('; ')}`, {
      blockers: preview.blockers,
      conflicts: preview.merge.conflicts.map((c) => ({ id: c.id, code: c.code, severity: c.severity, path: c.path.join('/'), message: c.message })),
      errors: preview.needsAcceptance.errors.map((d) => ({ code: d.code, severity: d.severity, path: d.path, message: d.message })),
    });
  }
  const name = preview.into.branch;
  const stale = (err: unknown): never => {
    if (err instanceof OmsError && (err.code === 'STATE_CHANGED' || err.code === 'BRANCH_IN_USE')) {
      throw new MergeFlowError('MERGE_STALE', `${name} changed while merging; run the merge again`, { cause: err.code });
    }
    throw err;
  };
  const trailers = acceptanceTrailers(preview.needsAcceptance, { acceptConflicts: req.acceptConflicts ?? false, acceptErrors: req.acceptErrors ?? false });
  const subject = options.message ?? `Merge ${req.source} into ${name}`;
  const message = trailers.length ? `${subject}\n\n${trailers.join('\n')}` : subject;
  const landAs = preview.mode === 'fast-forward' ? { fastForwardTo: preview.source.commit } : { commit: { message, author: options.author, mergeParents: [preview.source.commit] } };
  if (landing) {
    // In proportion to the change: the patch over the target's snapshot, with the findings the preview computed.
    try {
      const landed = await ws.landSnapshotPatch(name, landing.patch, {
        expectHead: preview.into.head, expectWorking: landing.working,
        diagnostics: preview.diagnostics.map(({ introduced: _introduced, ...d }) => d), ...landAs,
      });
      if (landed) return { preview, commit: landed.commit };
    } catch (err) {
      stale(err);
    }
  }
  // The preview found the target clean at its head, so the result was merged against that head:
  // the store lands it only if neither moved since (else nothing is written).
  const ours = ws.checkout(preview.into.head);
  try {
    const landed = await ws.landState(name, preview.merge.result, {
      expectHead: preview.into.head,
      expectWorking: ours,
      ...landAs,
    });
    return { preview, commit: landed.commit };
  } catch (err) {
    return stale(err);
  }
}

/** Abort an applied but uncommitted merge (or any uncommitted change): the working state becomes the head again. */
export async function abortMerge(ws: Workspace, into?: string): Promise<OntologyDiff> {
  return ws.discard(into ?? ws.defaultBranch);
}
