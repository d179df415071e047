/**
 * Sync with an oms-sync server (main/services/sync behind main/ipc/sync-handlers.ts): one
 * configured server, one saved sign-in (encrypted at rest), a live room per open branch, and
 * push/pull of commits. Offline is a normal state, not an error: edits always persist locally.
 */
import { z } from 'zod';
import { BranchNameSchema, EmptySchema, WorkspaceNameSchema } from './wire';
import { WorkspaceInfoSchema } from './workspaces';

export const SYNC_STATES = ['offline', 'connecting', 'syncing', 'synced', 'error'] as const;
export const SyncStatusSchema = z.strictObject({
  workspace: WorkspaceNameSchema,
  branch: BranchNameSchema,
  state: z.enum(SYNC_STATES),
  /** The server refuses this user's writes here (viewer, protected branch): edits stay local. */
  readOnly: z.boolean(),
  /** Stable code of the last problem (SYNC_AUTH_FAILED, SYNC_FORBIDDEN, SYNC_UNREACHABLE, …). */
  code: z.string().optional(),
  message: z.string().optional(),
  /** WebSocket close code that caused the state, when there was one. */
  closeCode: z.number().int().optional(),
  /** Offline after a failure: milliseconds until the next attempt. */
  retryInMs: z.number().int().nonnegative().optional(),
  /** The room's names on the server when they differ from the local ones (a link is by id; local names are labels). */
  remote: z.strictObject({ workspace: z.string(), branch: z.string() }).optional(),
  /** The server renamed the room and the client followed: where it was and where it is now. */
  renamed: z.strictObject({ from: z.strictObject({ workspace: z.string(), branch: z.string() }), to: z.strictObject({ workspace: z.string(), branch: z.string() }) }).optional(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

const target = { workspace: WorkspaceNameSchema, branch: BranchNameSchema };
const serverUrl = z.url().max(2000);
export const ServerConfigSchema = z.strictObject({ url: serverUrl });

/** Sign in with a token (token file, service account) or an account; MFA is a second call with `mfaToken`. */
export const SignInSchema = z.union([
  z.strictObject({ server: serverUrl.optional(), token: z.string().min(1).max(10_000), user: z.string().max(200).optional() }),
  z.strictObject({ server: serverUrl.optional(), username: z.string().min(1).max(320), password: z.string().min(1).max(1024), totp: z.string().regex(/^\d{6}$/).optional() }),
  z.strictObject({ server: serverUrl.optional(), mfaToken: z.string().min(16).max(512), totp: z.string().regex(/^\d{6}$/).optional(), recoveryCode: z.string().min(8).max(64).optional() }),
]);

export const PushResultSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('up-to-date'), head: z.string() }),
  z.strictObject({ status: z.literal('pushed'), head: z.string(), previous: z.string().nullable(), objects: z.number().int().nonnegative() }),
]);
export const PullResultSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('up-to-date'), head: z.string() }),
  z.strictObject({ status: z.literal('fast-forward'), head: z.string(), previous: z.string(), objects: z.number().int().nonnegative() }),
  /** Both sides have new commits: merge `remoteHead` (merge.preview / merge.apply with it as source). */
  z.strictObject({ status: z.literal('diverged'), localHead: z.string(), remoteHead: z.string(), objects: z.number().int().nonnegative() }),
  z.strictObject({ status: z.literal('ahead'), localHead: z.string(), remoteHead: z.string() }),
]);

export const syncApi = {
  'sync.server.set': { input: ServerConfigSchema, output: EmptySchema },
  'sync.server.get': {
    input: EmptySchema,
    output: z.strictObject({ url: z.string().nullable(), signedIn: z.boolean(), user: z.string().nullable(), credentialStorage: z.enum(['os-keychain', 'file-key']) }),
  },
  'sync.signIn': { input: SignInSchema, output: z.strictObject({ user: z.string(), kind: z.enum(['token', 'account']) }) },
  'sync.signOut': { input: EmptySchema, output: EmptySchema },
  /** Name of the local workspace on the server (default: the same name). */
  'sync.remote.set': { input: z.strictObject({ workspace: WorkspaceNameSchema, remote: WorkspaceNameSchema }), output: EmptySchema },
  /** Make a local workspace from the server's (its commits and the room's live document). */
  'sync.clone': {
    input: z.strictObject({ workspace: WorkspaceNameSchema, remote: WorkspaceNameSchema.optional(), branch: BranchNameSchema.optional() }),
    output: WorkspaceInfoSchema,
  },
  /** Replace a closed branch's live document with the room's (after SYNC_NOT_LINKED); commits are kept. */
  'sync.adopt': { input: z.strictObject(target), output: EmptySchema },
  /** Fails with SYNC_NOT_LINKED when the room holds a document created separately from this branch. */
  'sync.connect': { input: z.strictObject(target), output: SyncStatusSchema },
  'sync.disconnect': { input: z.strictObject(target), output: EmptySchema },
  'sync.status': { input: z.strictObject({ workspace: WorkspaceNameSchema.optional() }), output: z.strictObject({ statuses: z.array(SyncStatusSchema) }) },
  'sync.push': { input: z.strictObject(target), output: PushResultSchema },
  'sync.pull': { input: z.strictObject(target), output: PullResultSchema },
} as const;

export const syncEvents = {
  'sync.status': SyncStatusSchema,
} as const;
