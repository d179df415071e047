/**
 * Sync with an oms-sync server (helper H owns the behaviour behind these; until the sync service
 * exists every call answers SYNC_UNAVAILABLE).
 */
import { z } from 'zod';
import { BranchNameSchema, EmptySchema, WorkspaceNameSchema } from './wire';

export const SYNC_STATES = ['offline', 'connecting', 'syncing', 'synced', 'error'] as const;
export const SyncStatusSchema = z.strictObject({
  workspace: WorkspaceNameSchema,
  branch: BranchNameSchema,
  state: z.enum(SYNC_STATES),
  readOnly: z.boolean(),
  /** Stable code when state is `error` (e.g. AUTH_REQUIRED, REMOTE_MOVED). */
  code: z.string().optional(),
  message: z.string().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

const target = { workspace: WorkspaceNameSchema, branch: BranchNameSchema };
export const ServerConfigSchema = z.strictObject({ url: z.url().max(2000) });

export const syncApi = {
  'sync.server.set': { input: ServerConfigSchema, output: EmptySchema },
  'sync.server.get': { input: EmptySchema, output: z.strictObject({ url: z.string().nullable(), signedIn: z.boolean() }) },
  'sync.signIn': {
    input: z.union([z.strictObject({ token: z.string().min(1).max(10_000) }), z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) })]),
    output: z.strictObject({ user: z.string() }),
  },
  'sync.signOut': { input: EmptySchema, output: EmptySchema },
  'sync.connect': { input: z.strictObject(target), output: SyncStatusSchema },
  'sync.disconnect': { input: z.strictObject(target), output: EmptySchema },
  'sync.status': { input: z.strictObject({ workspace: WorkspaceNameSchema.optional() }), output: z.strictObject({ statuses: z.array(SyncStatusSchema) }) },
  'sync.push': { input: z.strictObject(target), output: z.strictObject({ head: z.string(), pushedObjects: z.number().int().nonnegative() }) },
  'sync.pull': { input: z.strictObject(target), output: z.strictObject({ head: z.string(), fetchedObjects: z.number().int().nonnegative() }) },
} as const;

export const syncEvents = {
  'sync.status': SyncStatusSchema,
} as const;
