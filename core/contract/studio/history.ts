/** Branches, commits, diff, revert, merge, change analysis and releases over the local store. */
import { z } from 'zod';
import type { ChangeReport } from '../../changes';
import type { OntologyDiff } from '../../diff';
import type { Conflict, MergeResult } from '../../merge';
import type { Diagnostic } from '../../validate';
import { BranchInfoSchema } from './workspaces';
import { BranchNameSchema, EmptySchema, IdSchema, RefSchema, WorkspaceNameSchema, domain } from './wire';

export const CommitSchema = z.strictObject({
  id: z.string(),
  parents: z.array(z.string()),
  snapshot: z.string(),
  author: z.string(),
  message: z.string(),
  time: z.number(),
  /** Longest path to a root commit (the store's topological order). */
  generation: z.number().int().nonnegative(),
});
export type CommitInfo = z.infer<typeof CommitSchema>;

export const SEVERITIES = ['INFO', 'WARN', 'ERROR', 'BLOCK'] as const;
export const DiagnosticSchema: z.ZodType<Diagnostic> = z.strictObject({ code: z.string(), severity: z.enum(SEVERITIES), path: z.string(), message: z.string() });

export const ResolutionSchema = z.union([
  z.strictObject({ pick: z.enum(['ours', 'theirs', 'base']) }),
  z.strictObject({ pick: z.literal('custom'), value: z.unknown() }),
]);
const Resolutions = z.record(IdSchema, ResolutionSchema);

/** One side of a diff: a ref, or the working state of a branch. */
export const DiffSideSchema = z.union([z.strictObject({ ref: RefSchema }), z.strictObject({ working: BranchNameSchema })]);
export type DiffSide = z.infer<typeof DiffSideSchema>;

const ws = { workspace: WorkspaceNameSchema };
const Author = z.string().min(1).max(500);

export interface MergePreviewWire {
  mode: 'up-to-date' | 'fast-forward' | 'merge';
  source: { ref: string; commit: string };
  into: { branch: string; head: string; dirty: boolean };
  base: string | null;
  merge: MergeResult;
  diagnostics: Array<Diagnostic & { introduced: boolean }>;
  changes: ChangeReport;
  diff: OntologyDiff;
  blockers: string[];
}

export const ReleasePlanSchema = z.strictObject({
  commit: z.string(),
  last: z.strictObject({ tag: z.string(), version: z.string(), commit: z.string() }).nullable(),
  changes: domain<ChangeReport>('a change report'),
  version: z.string(),
  tag: z.string(),
  changelog: z.string(),
});

export const TagSchema = z.strictObject({ name: z.string(), commit: z.string(), message: z.string(), version: z.string().nullable(), tagger: z.string(), createdAt: z.number() });

export const historyApi = {
  'branch.list': { input: z.strictObject(ws), output: z.strictObject({ branches: z.array(BranchInfoSchema), defaultBranch: z.string() }) },
  'branch.create': { input: z.strictObject({ ...ws, name: BranchNameSchema, from: RefSchema.optional() }), output: BranchInfoSchema },
  'branch.rename': { input: z.strictObject({ ...ws, from: BranchNameSchema, to: BranchNameSchema }), output: BranchInfoSchema },
  'branch.delete': { input: z.strictObject({ ...ws, name: BranchNameSchema, force: z.boolean().optional() }), output: EmptySchema },
  /** Make `branch` the one the workspace opens on; returns its status. */
  'branch.switch': { input: z.strictObject({ ...ws, branch: BranchNameSchema }), output: z.strictObject({ branch: BranchInfoSchema, dirty: z.boolean() }) },
  'branch.status': { input: z.strictObject({ ...ws, branch: BranchNameSchema }), output: z.strictObject({ branch: BranchInfoSchema, dirty: z.boolean() }) },
  /** Drop uncommitted changes (reaches open replicas as a `merge`-origin update). */
  'branch.discard': { input: z.strictObject({ ...ws, branch: BranchNameSchema }), output: z.strictObject({ diff: domain<OntologyDiff>('a diff') }) },
  'commit.create': {
    input: z.strictObject({ ...ws, branch: BranchNameSchema, message: z.string().min(1).max(100_000), author: Author.optional(), allowEmpty: z.boolean().optional() }),
    output: z.strictObject({ commit: CommitSchema, diagnostics: z.array(DiagnosticSchema) }),
  },
  'commit.log': {
    input: z.strictObject({ ...ws, ref: RefSchema, limit: z.number().int().min(1).max(10_000).optional(), offset: z.number().int().min(0).optional(), firstParent: z.boolean().optional() }),
    output: z.strictObject({ commits: z.array(CommitSchema) }),
  },
  'commit.show': { input: z.strictObject({ ...ws, ref: RefSchema }), output: z.strictObject({ commit: CommitSchema, diff: domain<OntologyDiff>('a diff') }) },
  'diff': { input: z.strictObject({ ...ws, from: DiffSideSchema, to: DiffSideSchema }), output: z.strictObject({ diff: domain<OntologyDiff>('a diff') }) },
  'revert': { input: z.strictObject({ ...ws, branch: BranchNameSchema, ref: RefSchema }), output: z.strictObject({ diff: domain<OntologyDiff>('a diff'), reverted: CommitSchema }) },
  'merge.preview': {
    input: z.strictObject({ ...ws, source: RefSchema, into: BranchNameSchema.optional(), resolutions: Resolutions.optional() }),
    output: domain<MergePreviewWire>('a merge preview'),
  },
  'merge.apply': {
    input: z.strictObject({ ...ws, source: RefSchema, into: BranchNameSchema.optional(), resolutions: Resolutions.optional(), author: Author.optional(), message: z.string().max(100_000).optional() }),
    output: z.strictObject({ commit: CommitSchema, mode: z.enum(['fast-forward', 'merge']), conflicts: z.array(domain<Conflict>('a conflict')) }),
  },
  'changes': { input: z.strictObject({ ...ws, from: DiffSideSchema, to: DiffSideSchema }), output: z.strictObject({ report: domain<ChangeReport>('a change report') }) },
  'changelog': { input: z.strictObject({ ...ws, from: DiffSideSchema, to: DiffSideSchema, title: z.string().max(500).optional() }), output: z.strictObject({ text: z.string() }) },
  'release.plan': { input: z.strictObject({ ...ws, ref: RefSchema.optional(), version: z.string().max(50).optional() }), output: ReleasePlanSchema },
  'release.create': { input: z.strictObject({ ...ws, ref: RefSchema.optional(), version: z.string().max(50).optional(), tagger: Author.optional() }), output: z.strictObject({ plan: ReleasePlanSchema, tag: TagSchema }) },
  'tag.list': { input: z.strictObject(ws), output: z.strictObject({ tags: z.array(TagSchema) }) },
  /** Validate a ref or a branch's working state now (open docs also get `problems` events by themselves). */
  'validate': { input: z.strictObject({ ...ws, side: DiffSideSchema }), output: z.strictObject({ diagnostics: z.array(DiagnosticSchema) }) },
} as const;
