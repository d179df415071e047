/**
 * Wire contract of oms-sync's history API (/api/v1/workspaces/{workspace}/…): branches and
 * content-addressed objects, so desktops share commits, not only live state.
 *
 * Objects are the rows of the commit store (main/services/store), each addressed by its content:
 * - entity   `sha256-…` of `body` (stable JSON of one top-level element)
 * - bucket   `sha256-…` of `body` (JSON list of [collection, id, entityHash])
 * - snapshot `merkle-sha256-…` over its canonical header and bucket hashes (v2), or, for commits made
 *            before v2, `sha256-…` of the canonical JSON of the ontology it rebuilds (v1)
 * - commit   hex sha256 of {parents, snapshot, author, message, time}
 * Pushing is idempotent; the server verifies every hash and refuses objects whose dependencies are
 * missing, so a store never holds a dangling reference.
 */
import { z } from 'zod';

export const CONTENT_HASH = /^sha256-[A-Za-z0-9_-]{43}$/;
export const COMMIT_ID = /^[0-9a-f]{64}$/;
/** v2 (Merkle) or v1 (whole-JSON) snapshot address; see main/services/store/hash.ts. */
export const SNAPSHOT_HASH = /^(?:merkle-)?sha256-[A-Za-z0-9_-]{43}$/;

export const ObjectTypeSchema = z.enum(['entity', 'bucket', 'snapshot', 'commit']);
export type ObjectType = z.infer<typeof ObjectTypeSchema>;

const contentHash = z.string().regex(CONTENT_HASH, 'expected sha256-<base64url>');
const commitId = z.string().regex(COMMIT_ID, 'expected 64 hex characters');
const snapshotHash = z.string().regex(SNAPSHOT_HASH, 'expected merkle-sha256-<base64url> or sha256-<base64url>');

export const ObjectRefSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('entity'), hash: contentHash }),
  z.strictObject({ type: z.literal('bucket'), hash: contentHash }),
  z.strictObject({ type: z.literal('snapshot'), hash: snapshotHash }),
  z.strictObject({ type: z.literal('commit'), hash: commitId }),
]);
export type ObjectRef = z.infer<typeof ObjectRefSchema>;

export const EntityObjectSchema = z.strictObject({ type: z.literal('entity'), hash: contentHash, body: z.string().max(8 * 1024 * 1024) });
export const BucketObjectSchema = z.strictObject({ type: z.literal('bucket'), hash: contentHash, body: z.string().max(16 * 1024 * 1024) });
export const SnapshotObjectSchema = z.strictObject({
  type: z.literal('snapshot'),
  hash: snapshotHash,
  /** Stable JSON of the ontology without its element collections. */
  header: z.string().max(1024 * 1024),
  /** Bucket index → bucket hash. */
  buckets: z.record(z.string().regex(/^\d{1,3}$/), contentHash),
  entityCount: z.number().int().nonnegative(),
});
export const CommitObjectSchema = z.strictObject({
  type: z.literal('commit'),
  hash: commitId,
  parents: z.array(commitId).max(16),
  snapshot: snapshotHash,
  author: z.string().max(500),
  message: z.string().max(100_000),
  time: z.number().int().nonnegative(),
});
export const ObjectSchema = z.discriminatedUnion('type', [EntityObjectSchema, BucketObjectSchema, SnapshotObjectSchema, CommitObjectSchema]);
export type HistoryObject = z.infer<typeof ObjectSchema>;

export const MAX_OBJECTS_PER_REQUEST = 5000;

export const ObjectRefsRequestSchema = z.strictObject({ objects: z.array(ObjectRefSchema).max(MAX_OBJECTS_PER_REQUEST) });
export const MissingResponseSchema = z.strictObject({ missing: z.array(ObjectRefSchema) });
export const ObjectsResponseSchema = z.strictObject({ objects: z.array(ObjectSchema) });
export const PushObjectsRequestSchema = z.strictObject({ objects: z.array(ObjectSchema).max(MAX_OBJECTS_PER_REQUEST) });
export const PushObjectsResponseSchema = z.strictObject({ stored: z.number().int().nonnegative(), existing: z.number().int().nonnegative() });

/** Everything reachable from `want` that is not reachable from `have`: what a pull must fetch (at most). */
export const ClosureRequestSchema = z.strictObject({ want: z.array(commitId).min(1).max(100), have: z.array(commitId).max(1000).optional() });
export const ClosureResponseSchema = z.strictObject({ objects: z.array(ObjectRefSchema) });

const branchName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_./-]+$/)
  .refine((s) => !s.includes('..') && !s.includes('//') && s !== 'HEAD', 'invalid branch name');

export const BranchSchema = z.strictObject({ name: branchName, head: commitId, protected: z.boolean() });
export type Branch = z.infer<typeof BranchSchema>;
export const BranchListSchema = z.strictObject({ branches: z.array(BranchSchema) });
export const CreateBranchRequestSchema = z.strictObject({ name: branchName, head: commitId });
/** Compare-and-swap: moves only when the branch is still at `expectedHead` (no lost updates). */
export const UpdateBranchRequestSchema = z.strictObject({ head: commitId, expectedHead: commitId });
export const BranchNameSchema = branchName;
/** Rename (PATCH branches/{branch}): the branch keeps its id, so its live room and history follow it. */
export const RenameBranchRequestSchema = z.strictObject({ name: branchName });
export const RenamedBranchSchema = z.strictObject({ branchId: z.string().min(1), name: branchName, from: z.string().min(1), branch: BranchSchema.nullable() });
export type RenamedBranchResponse = z.infer<typeof RenamedBranchSchema>;
/** PATCH /api/v1/workspaces/{ws}: the new name is checked by the same rule as a created workspace's. */
export const RenameWorkspaceRequestSchema = z.strictObject({ name: z.string().min(1).max(100) });
/** `workspaceId` is null for a workspace the identity store made that has no history or room yet. */
export const RenamedWorkspaceSchema = z.strictObject({ workspaceId: z.string().min(1).nullable(), name: z.string().min(1), from: z.string().min(1) });
export type RenamedWorkspaceResponse = z.infer<typeof RenamedWorkspaceSchema>;
/**
 * POST rooms/{branch}: the stable id of a branch's room (created on first use, as a first connection
 * would); GET branch-ids/{branchId}: the name that id has now. `workspaceId` is the workspace's
 * stable id (absent from servers before workspace rename).
 */
export const RoomIdSchema = z.strictObject({ branchId: z.string().min(1), name: z.string().min(1), workspaceId: z.string().min(1).optional() });
export type RoomId = z.infer<typeof RoomIdSchema>;
