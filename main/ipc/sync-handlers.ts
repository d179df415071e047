/**
 * sync.* handlers: the contract's shapes over main/services/sync. One SyncService per backend,
 * created on first use with its settings and encrypted credentials under `<store>/sync/`; its
 * status changes reach every window as `sync.status` events.
 */
import { join } from 'node:path';
import type { syncApi} from '../../core/contract/studio-api';
import { type SyncStatus } from '../../core/contract/studio-api';
import type { StudioBackend } from '../services/studio';
import { workspaceInfo } from '../services/studio/workspaces';
import { SyncService, type BranchSyncStatus, type SecretBox, type SignInRequest } from '../services/sync';
import type { CallContext, HandlerMap } from './context';

type SyncMethod = keyof typeof syncApi;
export type SyncHandlers = Pick<HandlerMap, SyncMethod>;

const services = new WeakMap<StudioBackend, SyncService>();
let secretBoxFactory: (() => SecretBox) | undefined;

/** Electron passes its safeStorage-backed box before the first window opens; elsewhere a file key is used. */
export function useSecretBox(factory: () => SecretBox): void {
  secretBoxFactory = factory;
}

function toContract(s: BranchSyncStatus): SyncStatus {
  return {
    workspace: s.workspace,
    branch: s.branch,
    state: s.state,
    readOnly: s.readOnly,
    ...(s.error ? { code: s.error.code, message: s.error.message, ...(s.error.closeCode !== undefined ? { closeCode: s.error.closeCode } : {}) } : {}),
    ...(s.retryInMs !== undefined ? { retryInMs: s.retryInMs } : {}),
    ...(s.remote.workspace !== s.workspace || s.remote.branch !== s.branch ? { remote: s.remote } : {}),
    ...(s.renamed ? { renamed: s.renamed } : {}),
  };
}

export function syncServiceOf(backend: StudioBackend): SyncService {
  let s = services.get(backend);
  if (!s) {
    const box = secretBoxFactory?.();
    s = new SyncService({ settingsDir: join(backend.options.storeDir, 'sync'), ...(box ? { secretBox: box } : {}) });
    s.onStatus((status) => backend.broadcast('sync.status', toContract(status)));
    services.set(backend, s);
  }
  return s;
}

const service = (ctx: CallContext) => syncServiceOf(ctx.backend);

export function createSyncHandlers(): SyncHandlers {
  return {
    'sync.server.set': ({ url }, ctx) => {
      service(ctx).setServer(url);
      return {};
    },
    'sync.server.get': (_input, ctx) => {
      const s = service(ctx);
      const me = s.whoAmI();
      return { url: me.server ?? null, signedIn: me.user !== undefined, user: me.user ?? null, credentialStorage: s.credentialStorage };
    },
    'sync.signIn': async (input, ctx) => {
      const method: SignInRequest['method'] =
        'token' in input ? { kind: 'token', token: input.token, ...(input.user ? { user: input.user } : {}) }
        : 'password' in input ? { kind: 'password', username: input.username, password: input.password, ...(input.totp ? { totp: input.totp } : {}) }
        : { kind: 'mfa', mfaToken: input.mfaToken, ...(input.totp ? { totp: input.totp } : {}), ...(input.recoveryCode ? { recoveryCode: input.recoveryCode } : {}) };
      return service(ctx).signIn({ ...(input.server ? { server: input.server } : {}), method });
    },
    'sync.signOut': async (_input, ctx) => {
      await service(ctx).signOut();
      return {};
    },
    'sync.remote.set': ({ workspace, remote }, ctx) => {
      service(ctx).setRemoteName(workspace, remote);
      return {};
    },
    'sync.connect': async ({ workspace, branch }, ctx) => {
      const ws = await ctx.backend.workspaces.get(workspace);
      const session = await ws.openBranch(branch);
      return toContract(await service(ctx).connect(ws, session));
    },
    'sync.clone': async ({ workspace, remote, branch }, ctx) => {
      const { workspace: cloned } = await service(ctx).clone(ctx.backend.options.storeDir, workspace, { ...(remote ? { remote } : {}), ...(branch ? { branch } : {}) });
      // The registry owns open workspaces: one instance per file, so sessions are shared.
      await cloned.close();
      ctx.backend.broadcast('workspace.changed', { workspace, what: 'branches' });
      return workspaceInfo(await ctx.backend.workspaces.get(workspace));
    },
    'sync.adopt': async ({ workspace, branch }, ctx) => {
      await service(ctx).adoptServerVersion(await ctx.backend.workspaces.get(workspace), branch);
      return {};
    },
    'sync.disconnect': ({ workspace, branch }, ctx) => {
      service(ctx).disconnect(workspace, branch);
      return {};
    },
    'sync.status': ({ workspace }, ctx) => ({ statuses: service(ctx).status().filter((s) => !workspace || s.workspace === workspace).map(toContract) }),
    'sync.push': async ({ workspace, branch }, ctx) => {
      const ws = await ctx.backend.workspaces.get(workspace);
      await ctx.backend.docs.flushWorkspace(ws.id);
      return service(ctx).push(ws, branch);
    },
    'sync.pull': async ({ workspace, branch }, ctx) => {
      const ws = await ctx.backend.workspaces.get(workspace);
      await ctx.backend.docs.flushWorkspace(ws.id);
      const result = await service(ctx).pull(ws, branch);
      if (result.status === 'fast-forward') ctx.backend.broadcast('workspace.changed', { workspace, what: 'commits' });
      return result;
    },
  };
}
