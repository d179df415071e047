/**
 * Long work (import, export, validation, merge preview of big workspaces) runs as a job in a worker
 * thread: jobs.start answers at once with an id, progress and the result arrive as events, and
 * jobs.cancel stops the worker. The window never waits on it.
 */
import { z } from 'zod';
import type { ImportFormat } from './workspaces';
import { ExportFormatSchema, ImportFormatSchema } from './workspaces';
import { DiagnosticSchema, DiffSideSchema, ResolutionSchema } from './history';
import { BranchNameSchema, EmptySchema, IdSchema, RefSchema, StudioErrorSchema, WorkspaceNameSchema, domain } from './wire';
import type { ImportReport } from '../../formats/import-report';

export const JobSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('import'), name: WorkspaceNameSchema, text: z.string().max(512 * 1024 * 1024), format: ImportFormatSchema.optional(), fileName: z.string().max(500).optional() }),
  z.strictObject({ kind: z.literal('export'), workspace: WorkspaceNameSchema, format: ExportFormatSchema, branch: BranchNameSchema.optional(), ref: RefSchema.optional() }),
  z.strictObject({ kind: z.literal('validate'), workspace: WorkspaceNameSchema, side: DiffSideSchema }),
  z.strictObject({ kind: z.literal('merge.preview'), workspace: WorkspaceNameSchema, source: RefSchema, into: BranchNameSchema.optional(), resolutions: z.record(IdSchema, ResolutionSchema).optional() }),
]);
export type JobSpec = z.infer<typeof JobSpecSchema>;
export type JobKind = JobSpec['kind'];
export type { ImportFormat };

export const JOB_STATES = ['running', 'done', 'failed', 'cancelled'] as const;
export const JobInfoSchema = z.strictObject({
  jobId: IdSchema,
  kind: z.enum(['import', 'export', 'validate', 'merge.preview']),
  state: z.enum(JOB_STATES),
  phase: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  startedAt: z.number(),
});
export type JobInfo = z.infer<typeof JobInfoSchema>;

/** What a finished job hands back, per kind. */
export const JobResultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('import'), workspace: WorkspaceNameSchema, objectTypes: z.number().int(), warnings: z.array(z.string()), report: domain<ImportReport>('an import report').optional() }),
  z.strictObject({ kind: z.literal('export'), text: z.string() }),
  z.strictObject({ kind: z.literal('validate'), diagnostics: z.array(DiagnosticSchema) }),
  z.strictObject({ kind: z.literal('merge.preview'), mode: z.enum(['up-to-date', 'fast-forward', 'merge']), conflicts: z.number().int(), blockers: z.array(z.string()), diagnostics: z.array(DiagnosticSchema) }),
]);
export type JobResult = z.infer<typeof JobResultSchema>;

export const jobsApi = {
  'jobs.start': { input: JobSpecSchema, output: z.strictObject({ jobId: IdSchema }) },
  'jobs.cancel': { input: z.strictObject({ jobId: IdSchema }), output: EmptySchema },
  'jobs.list': { input: EmptySchema, output: z.strictObject({ jobs: z.array(JobInfoSchema) }) },
} as const;

export const jobEvents = {
  'job.progress': z.strictObject({ jobId: IdSchema, done: z.number().nonnegative(), total: z.number().nonnegative(), phase: z.string() }),
  'job.done': z.union([
    z.strictObject({ jobId: IdSchema, ok: z.literal(true), result: JobResultSchema }),
    z.strictObject({ jobId: IdSchema, ok: z.literal(false), error: StudioErrorSchema }),
  ]),
} as const;
