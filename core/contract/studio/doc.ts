/**
 * Live documents. main holds the authoritative Y.Doc of each open branch; every window or tab holds
 * a replica opened with doc.open (a session id plus the first part of the state; doc.read gives the
 * rest, part by part, so neither side ever decodes a big branch in one task) and kept equal by Yjs
 * update messages both ways: doc.push (replica → main) and the doc.update event (main → every other
 * replica).
 */
import { z } from 'zod';
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

/**
 * A piece of main's doc state: Yjs updates (base64) to apply in order, in one transaction, with
 * origin `import`. Parts are independent enough to be applied one per task; all of them together
 * (up to the one with `done`) hold main's whole doc as of doc.open, and doc.update events carry
 * every change after it, so a replica applies those only once `done` (Yjs would park them anyway).
 */
export const DocPartSchema = z.strictObject({
  updates: z.array(Base64Schema).max(10_000),
  /** The last part: the replica now holds main's doc. */
  done: z.boolean(),
  /** Stored bytes sent so far and in all, for a progress bar. */
  loaded: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type DocPart = z.infer<typeof DocPartSchema>;

export const docApi = {
  'doc.open': {
    input: z.strictObject({ workspace: WorkspaceNameSchema, branch: BranchNameSchema }),
    output: z.strictObject({
      session: SessionIdSchema,
      workspaceId: z.string(),
      branchId: z.string(),
      /** The first part of the state; while not `done`, doc.read gives the next one. */
      part: DocPartSchema,
    }),
  },
  /** The next part of the state of a session opened with doc.open (after `done`: no updates, done). */
  'doc.read': { input: z.strictObject({ session: SessionIdSchema }), output: DocPartSchema },
  /** A replica's own edits (one or more Yjs updates, base64); durable within milliseconds. */
  'doc.push': { input: z.strictObject({ session: SessionIdSchema, updates: z.array(Base64Schema).min(1).max(10_000) }), output: z.strictObject({}) },
  /** Resolves once everything pushed so far is on disk. */
  'doc.flush': { input: z.strictObject({ session: SessionIdSchema }), output: z.strictObject({}) },
  'doc.close': { input: z.strictObject({ session: SessionIdSchema }), output: z.strictObject({}) },
} as const;

const Count = z.number().int().nonnegative();

export const docEvents = {
  'doc.update': z.strictObject({ session: SessionIdSchema, update: Base64Schema, origin: DocEventOriginSchema }),
  /**
   * How many findings the session's doc has, by severity: validated off the event loop, in
   * proportion to the change, a moment after it changed. Only the counts: a window validates its
   * own replica for the list (its validation worker), and `validate` gives the list on request.
   */
  'problems': z.strictObject({ session: SessionIdSchema, counts: z.strictObject({ errors: Count, warnings: Count, infos: Count }) }),
  /** Branches, commits or tags of a workspace changed (another window, the CLI is not seen). */
  'workspace.changed': z.strictObject({ workspace: WorkspaceNameSchema, what: z.enum(['branches', 'commits', 'tags', 'deleted']) }),
} as const;
