/** Workspaces (one SQLite file each) and the bundled examples a first run offers. */
import { z } from 'zod';
import type { Ontology } from '../../model';
import { BranchNameSchema, EmptySchema, RefSchema, WorkspaceNameSchema, domain } from './wire';

export const IMPORT_FORMATS = ['turtle', 'trig', 'ntriples', 'nquads', 'rdfxml', 'jsonld', 'oms'] as const;
export const EXPORT_FORMATS = ['oms', 'turtle', 'ntriples', 'jsonld', 'jsonschema', 'openapi', 'typescript', 'graphql'] as const;
export const ImportFormatSchema = z.enum(IMPORT_FORMATS);
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const WorkspaceSummarySchema = z.strictObject({ name: WorkspaceNameSchema, bytes: z.number().int().nonnegative() });
export const BranchInfoSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  head: z.string(),
  protected: z.boolean(),
  upstream: z.string().nullable(),
  createdAt: z.number(),
});
export type BranchInfo = z.infer<typeof BranchInfoSchema>;

export const WorkspaceInfoSchema = z.strictObject({
  name: WorkspaceNameSchema,
  id: z.string(),
  defaultBranch: z.string(),
  branches: z.array(BranchInfoSchema),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfoSchema>;

/** Text of an import or export; bigger workspaces go through jobs.start (progress, cancel). */
const MAX_TEXT = 64 * 1024 * 1024;

export const ExampleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  description: z.string(),
  objectTypes: z.number().int().nonnegative(),
  linkTypes: z.number().int().nonnegative(),
});
export type Example = z.infer<typeof ExampleSchema>;

export const workspaceApi = {
  'app.info': {
    input: EmptySchema,
    output: z.strictObject({
      version: z.string(),
      platform: z.enum(['electron', 'web']),
      storeDir: z.string(),
      /** No workspace yet: the UI offers the bundled examples. */
      firstRun: z.boolean(),
    }),
  },
  'workspace.list': { input: EmptySchema, output: z.strictObject({ workspaces: z.array(WorkspaceSummarySchema) }) },
  'workspace.create': { input: z.strictObject({ name: WorkspaceNameSchema, description: z.string().max(10_000).optional() }), output: WorkspaceInfoSchema },
  'workspace.open': { input: z.strictObject({ name: WorkspaceNameSchema }), output: WorkspaceInfoSchema },
  /** Import text as a new workspace (format guessed from `fileName` when absent). */
  'workspace.import': {
    input: z.strictObject({ name: WorkspaceNameSchema, text: z.string().max(MAX_TEXT), format: ImportFormatSchema.optional(), fileName: z.string().max(500).optional() }),
    output: z.strictObject({ workspace: WorkspaceInfoSchema, warnings: z.array(z.string()) }),
  },
  /** Export a ref or a branch's working state (default: working state of the default branch). */
  'workspace.export': {
    input: z.strictObject({ workspace: WorkspaceNameSchema, format: ExportFormatSchema, branch: BranchNameSchema.optional(), ref: RefSchema.optional() }),
    output: z.strictObject({ text: z.string(), format: ExportFormatSchema }),
  },
  'workspace.delete': { input: z.strictObject({ name: WorkspaceNameSchema }), output: EmptySchema },
  'examples.list': { input: EmptySchema, output: z.strictObject({ examples: z.array(ExampleSchema) }) },
  /** Create a workspace from a bundled example (name default: the example's id). */
  'examples.open': { input: z.strictObject({ id: ExampleSchema.shape.id, name: WorkspaceNameSchema.optional() }), output: WorkspaceInfoSchema },
  /** Read-only ontology of a ref (time travel). */
  'ontology.get': { input: z.strictObject({ workspace: WorkspaceNameSchema, ref: RefSchema }), output: z.strictObject({ ontology: domain<Ontology>('an ontology') }) },
} as const;

export const workspaceEvents = {
  /** The OS asked the app to open a file (double-click, `open-file`, argv); it is now this workspace. */
  'app.open': z.strictObject({ workspace: WorkspaceNameSchema, file: z.string() }),
} as const;
