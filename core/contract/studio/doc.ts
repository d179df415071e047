/**
 * Live documents. main holds the authoritative Y.Doc of each open branch; every window or tab holds
 * a replica opened with doc.open (a session id plus the full state) and kept equal by Yjs update
 * messages both ways: doc.push (replica → main) and the doc.update event (main → every other replica).
 */
import { z } from 'zod';
import { DiagnosticSchema } from './history';
import { Base64Schema, BranchNameSchema, IdSchema, WorkspaceNameSchema } from './wire';

/**
 * Where an update a replica receives came from. The renderer applies it with this origin, and its
 * UndoManager tracks only `local`, so none of these ever lands on the user's undo stack:
 * `remote` = another window/tab or the sync server, `merge` = merge/revert/discard, `import` = an import.
 */
export const DOC_EVENT_ORIGINS = ['remote', 'merge', 'import'] as const;
export const DocEventOriginSchema = z.enum(DOC_EVENT_ORIGINS);
export type DocEventOrigin = z.infer<typeof DocEventOriginSchema>;

export const SessionIdSchema = IdSchema;

export const docApi = {
  'doc.open': {
    input: z.strictObject({ workspace: WorkspaceNameSchema, branch: BranchNameSchema }),
    output: z.strictObject({
      session: SessionIdSchema,
      workspaceId: z.string(),
      branchId: z.string(),
      /** Y.encodeStateAsUpdate of main's doc, base64. Apply it with origin `import`. */
      state: Base64Schema,
    }),
  },
  /** A replica's own edits (one or more Yjs updates, base64); durable within milliseconds. */
  'doc.push': { input: z.strictObject({ session: SessionIdSchema, updates: z.array(Base64Schema).min(1).max(10_000) }), output: z.strictObject({}) },
  /** Resolves once everything pushed so far is on disk. */
  'doc.flush': { input: z.strictObject({ session: SessionIdSchema }), output: z.strictObject({}) },
  'doc.close': { input: z.strictObject({ session: SessionIdSchema }), output: z.strictObject({}) },
} as const;

export const docEvents = {
  'doc.update': z.strictObject({ session: SessionIdSchema, update: Base64Schema, origin: DocEventOriginSchema }),
  /** Validation of the session's doc, run off the event loop a moment after it changed. */
  'problems': z.strictObject({ session: SessionIdSchema, diagnostics: z.array(DiagnosticSchema) }),
  /** Branches, commits or tags of a workspace changed (another window, the CLI is not seen). */
  'workspace.changed': z.strictObject({ workspace: WorkspaceNameSchema, what: z.enum(['branches', 'commits', 'tags', 'deleted']) }),
} as const;
