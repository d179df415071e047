/**
 * The desktop's side of oms-sync: one configured server, one saved sign-in, a live room per open
 * branch and push/pull of history. The studio backend (and tests) own the workspaces and branch
 * sessions; this service attaches to their docs, so an edit is persisted locally first and synced
 * when a connection exists — offline is the normal case, not an error.
 */
import { join } from 'node:path';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { CloseCode } from '../../../core/contract/sync-api';
import type { BranchSession, Workspace } from '../store';
import { AccountProvider } from './account-provider';
import { StaticTokenProvider, type AuthProvider, type PersistedCredential } from './auth-provider';
import type { BackoffOptions } from './backoff';
import { CredentialStore } from './credentials';
import { SyncError } from './errors';
import { HistoryClient, type PullResult, type PushResult } from './history-client';
import { HttpJson } from './http-json';
import { RoomClient, type FollowRoom, type RoomStatus } from './room-client';
import { FileKeySecretBox, type SecretBox } from './secret-box';
import { cloneWorkspace } from './clone';
import { fetchRoomState, isEmptyState } from './room-probe';
import { emptySettings, linkKeyOf, renamedWorkspaceIn, SettingsSchema, withLink, withRemoteWorkspace, type RemoteRoom, type Settings } from './sync-settings';


export interface SyncServiceOptions {
  /** Where settings, the credential file and its key live (the studio's profile directory). */
  settingsDir: string;
  /** The OS keychain where available (main/electron); a file key otherwise. */
  secretBox?: SecretBox;
  backoff?: BackoffOptions;
}

export interface BranchSyncStatus extends RoomStatus {
  workspace: string;
  branch: string;
}

export interface SignInRequest {
  server?: string;
  method: { kind: 'token'; token: string; user?: string } | { kind: 'password'; username: string; password: string; totp?: string } | { kind: 'mfa'; mfaToken: string; totp?: string; recoveryCode?: string };
}

const roomKey = (workspace: string, branch: string) => `${workspace}\u0000${branch}`;
/** Settings, credentials and URLs key a server by its URL without trailing slashes. */
const normaliseServer = (url: string): string => url.replace(/\/+$/, '');

export class SyncService {
  private settings: Settings;
  private readonly settingsFile: string;
  private readonly credentials: CredentialStore;
  private auth: AuthProvider | undefined;
  private readonly rooms = new Map<string, { client: RoomClient; workspace: Workspace; branch: string; off: () => void }>();
  private readonly listeners = new Set<(s: BranchSyncStatus) => void>();

  constructor(private readonly opts: SyncServiceOptions) {
    mkdirSync(opts.settingsDir, { recursive: true });
    this.settingsFile = join(opts.settingsDir, 'sync.json');
    this.settings = this.loadSettings();
    this.credentials = new CredentialStore(join(opts.settingsDir, 'credentials.bin'), opts.secretBox ?? new FileKeySecretBox(join(opts.settingsDir, 'credentials.key')));
  }

  private loadSettings(): Settings {
    let text: string;
    try {
      text = readFileSync(this.settingsFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptySettings();
      throw err;
    }
    const parsed = SettingsSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new SyncError('SYNC_NOT_CONFIGURED', `${this.settingsFile} is not valid sync settings: ${parsed.error.issues[0]?.message}`);
    // Every later use (credential key, room and API URLs) relies on the one normal form.
    return parsed.data.server === undefined ? parsed.data : { ...parsed.data, server: normaliseServer(parsed.data.server) };
  }

  private saveSettings(): void {
    const tmp = `${this.settingsFile}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.settings, null, 2)}\n`);
    renameSync(tmp, this.settingsFile);
  }

  get server(): string | undefined {
    return this.settings.server;
  }

  /** Point the studio at a server (http(s)://host[:port]); signs out of the previous one. */
  setServer(url: string): void {
    const normalised = normaliseServer(new HttpJson(url).baseUrl);
    if (this.settings.server === normalised) return;
    this.disconnectAll();
    this.auth = undefined;
    this.settings = { ...this.settings, server: normalised };
    this.saveSettings();
  }

  setRemoteName(localWorkspace: string, remote: string): void {
    this.settings = { ...this.settings, remotes: { ...this.settings.remotes, [localWorkspace]: remote } };
    this.saveSettings();
  }

  remoteName(localWorkspace: string): string {
    return this.settings.remotes[localWorkspace] ?? localWorkspace;
  }

  private http(): HttpJson {
    if (!this.settings.server) throw new SyncError('SYNC_NOT_CONFIGURED', 'no sync server configured; set one in Settings → Sync');
    return new HttpJson(this.settings.server);
  }

  private persist = (cred: PersistedCredential): void => {
    if (this.settings.server) this.credentials.set(this.settings.server, cred);
  };

  /** The saved sign-in for the configured server, if any (decrypted on demand). */
  private provider(): AuthProvider {
    if (this.auth) return this.auth;
    const http = this.http();
    const saved = this.credentials.get(http.baseUrl);
    if (!saved) throw new SyncError('SYNC_AUTH_FAILED', `not signed in to ${http.baseUrl}`);
    this.auth = saved.kind === 'token' ? new StaticTokenProvider(saved.token, saved.user) : AccountProvider.resume(http, saved, this.persist);
    return this.auth;
  }

  async signIn(req: SignInRequest): Promise<{ user: string; kind: AuthProvider['kind'] }> {
    if (req.server) this.setServer(req.server);
    const http = this.http();
    const m = req.method;
    let auth: AuthProvider;
    if (m.kind === 'token') {
      auth = new StaticTokenProvider(m.token, m.user ?? 'token');
      // Check it before saving: a typo should fail here, not on the first connect.
      await http.request('GET', '/auth/validate', { token: m.token, schema: z.unknown() }).catch((err: unknown) => {
        if (err instanceof SyncError && err.code === 'SYNC_PROTOCOL') return undefined; // a server without /auth/validate (static tokens only)
        throw err;
      });
      this.persist(auth.persisted());
    } else if (m.kind === 'password') {
      auth = await AccountProvider.signIn(http, { username: m.username, password: m.password, ...(m.totp ? { totp: m.totp } : {}), deviceName: 'OMS Studio' }, this.persist);
    } else {
      auth = await AccountProvider.signIn(http, { mfaToken: m.mfaToken, ...(m.totp ? { totp: m.totp } : {}), ...(m.recoveryCode ? { recoveryCode: m.recoveryCode } : {}) }, this.persist);
    }
    this.disconnectAll();
    this.auth = auth;
    return { user: auth.user, kind: auth.kind };
  }

  async signOut(): Promise<void> {
    this.disconnectAll();
    const auth = this.auth;
    this.auth = undefined;
    if (auth instanceof AccountProvider) await auth.signOut();
    if (this.settings.server) this.credentials.delete(this.settings.server);
  }

  whoAmI(): { server: string | undefined; user: string | undefined } {
    try {
      return { server: this.settings.server, user: this.provider().user };
    } catch {
      return { server: this.settings.server, user: undefined };
    }
  }

  onStatus(listener: (s: BranchSyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private wsUrl(): string {
    return this.http().baseUrl.replace(/^http/, 'ws');
  }

  /** By the local branch's id: the session of a branch renamed while open still names it by its old name. */
  private linkKey(ws: Workspace, branch: string | { branchId: string }): string {
    return linkKeyOf(ws.id, typeof branch === 'string' ? ws.getBranch(branch).id : branch.branchId, this.settings.server, this.remoteName(ws.name));
  }

  /**
   * Link a branch to the room of the same name, recording the room's ids (links made before ids
   * existed get them at their next connect, under the name the link has on the server).
   */
  private async link(ws: Workspace, branch: string | { branchId: string; name: string }): Promise<void> {
    const key = this.linkKey(ws, branch);
    if (this.settings.links.includes(key) && this.settings.remoteBranchIds[key]) return;
    const remoteBranch = this.settings.remoteBranchNames[key] ?? (typeof branch === 'string' ? branch : branch.name);
    const room = await this.history(ws).roomId(remoteBranch);
    this.settings = withLink(this.settings, key, { branch: room.name, branchId: room.branchId, ...(room.workspaceId ? { workspaceId: room.workspaceId } : {}) });
    this.saveSettings();
  }

  /** Where a linked branch's room is on the server (as last seen), with the ids that let it follow renames. */
  remoteOf(ws: Workspace, branch: string | { branchId: string; name: string }): RemoteRoom {
    const key = this.linkKey(ws, branch);
    const branchId = this.settings.remoteBranchIds[key];
    const workspaceId = this.settings.remoteWorkspaceIds[key];
    return {
      workspace: this.remoteName(ws.name),
      branch: this.settings.remoteBranchNames[key] ?? (typeof branch === 'string' ? branch : branch.name),
      ...(branchId ? { branchId } : {}),
      ...(workspaceId ? { workspaceId } : {}),
    };
  }

  /**
   * How a linked room follows the server: told 4410/4409 (branch) or 4411 (workspace, whose new
   * name the close reason carries), look the branch up by its id in the workspace it is in now,
   * check it is the same workspace by id, and record the new names. Null when nothing is found.
   */
  private follower(ws: Workspace, local: { branchId: string }): FollowRoom {
    return async (close, from) => {
      const key = this.linkKey(ws, local);
      const branchId = this.settings.remoteBranchIds[key];
      if (!branchId) return null;
      const workspace = close.code === CloseCode.WORKSPACE_RENAMED ? renamedWorkspaceIn(close.reason) : from.workspace;
      if (workspace === null) return null;
      const found = await this.history(workspace).branchById(branchId);
      const workspaceId = this.settings.remoteWorkspaceIds[key];
      if (!found || (workspaceId !== undefined && found.workspaceId !== undefined && found.workspaceId !== workspaceId)) return null;
      this.settings = withRemoteWorkspace(this.settings, ws.id, ws.name, this.settings.server, this.remoteName(ws.name), workspace);
      this.settings = withLink(this.settings, this.linkKey(ws, local), { branch: found.name, branchId, ...(found.workspaceId ? { workspaceId: found.workspaceId } : {}) });
      this.saveSettings();
      return { workspace, branch: found.name };
    };
  }

  isLinked(ws: Workspace, branch: string): boolean {
    return this.settings.links.includes(this.linkKey(ws, branch));
  }

  /** The room's current document of a branch (read with a throwaway doc). */
  roomState(workspace: string, branch: string): Promise<Uint8Array> {
    return fetchRoomState(this.wsUrl(), workspace, branch, this.provider());
  }

  /**
   * Start live sync of an open branch; its doc keeps persisting locally whatever the network does.
   * A branch joins a room once: into an empty room (this desktop publishes), or by clone/adopt.
   * A room that already holds a separately created document is refused (SYNC_NOT_LINKED) rather
   * than blended with it.
   */
  async connect(ws: Workspace, session: BranchSession): Promise<BranchSyncStatus> {
    const key = roomKey(ws.name, session.branchName);
    const existing = this.rooms.get(key);
    if (existing) return { ...existing.client.status, workspace: ws.name, branch: session.branchName };
    // The local branch by id: a branch renamed here keeps its link, and its room keeps its server name.
    const local = { branchId: session.key.branch, name: session.branchName };
    const linkKey = this.linkKey(ws, local);
    if (!this.settings.links.includes(linkKey)) {
      const state = await this.roomState(this.remoteName(ws.name), session.branchName);
      if (!isEmptyState(state)) {
        throw new SyncError('SYNC_NOT_LINKED', `the server's ${this.remoteName(ws.name)}/${session.branchName} was created separately from this branch; clone it from the server, or take the server's version (this replaces the branch's uncommitted state), or push this branch under a new name`, { workspace: ws.name, branch: session.branchName });
      }
      await this.link(ws, local);
    } else if (!this.settings.remoteBranchIds[linkKey]) {
      // Best effort: offline, the branch still connects (and retries) as before.
      await this.link(ws, local).catch((err: unknown) => {
        if (!(err instanceof SyncError && err.code === 'SYNC_UNREACHABLE')) throw err;
      });
    }
    if (this.rooms.has(key)) return { ...this.rooms.get(key)!.client.status, workspace: ws.name, branch: session.branchName };
    const remote = this.remoteOf(ws, local);
    const client = new RoomClient({
      serverUrl: this.wsUrl(), workspace: remote.workspace, branch: remote.branch,
      ...(remote.branchId ? { branchId: remote.branchId, follow: this.follower(ws, local) } : {}),
      ...(remote.workspaceId ? { workspaceId: remote.workspaceId } : {}),
      doc: session.doc, auth: this.provider(), ...(this.opts.backoff ? { backoff: this.opts.backoff } : {}),
    });
    const off = client.onStatus((s) => {
      for (const l of this.listeners) l({ ...s, workspace: ws.name, branch: session.branchName });
    });
    // The branch closed (its last window went away, or the workspace was deleted): its doc is gone,
    // so live sync of it ends; edits were persisted by the session before it closed.
    const onDestroy = () => this.disconnect(ws.name, session.branchName);
    session.doc.once('destroy', onDestroy);
    this.rooms.set(key, {
      client, workspace: ws, branch: session.branchName,
      off: () => {
        off();
        session.doc.off('destroy', onDestroy);
      },
    });
    client.start();
    return { ...client.status, workspace: ws.name, branch: session.branchName };
  }

  disconnect(workspace: string, branch: string): void {
    const key = roomKey(workspace, branch);
    const r = this.rooms.get(key);
    if (!r) return;
    r.client.stop();
    r.off();
    this.rooms.delete(key);
  }

  private disconnectAll(): void {
    for (const r of [...this.rooms.values()]) this.disconnect(r.workspace.name, r.branch);
  }

  isConnected(workspace: string, branch: string): boolean {
    return this.rooms.has(roomKey(workspace, branch));
  }

  get credentialStorage(): SecretBox['kind'] {
    return this.opts.secretBox?.kind ?? 'file-key';
  }

  status(): BranchSyncStatus[] {
    return [...this.rooms.values()].map((r) => ({ ...r.client.status, workspace: r.workspace.name, branch: r.branch }));
  }

  private history(ws: Workspace | string): HistoryClient {
    return new HistoryClient({ http: this.http(), auth: this.provider(), workspace: typeof ws === 'string' ? ws : this.remoteName(ws.name) });
  }

  /** Make a local workspace `name` from the server's `remote` (default: the same name), linked to its room. */
  async clone(root: string, name: string, opts: { remote?: string; branch?: string } = {}): Promise<{ workspace: Workspace; branch: string; head: string }> {
    const remote = opts.remote ?? name;
    const result = await cloneWorkspace({
      root, name, history: this.history(remote), ...(opts.branch ? { branch: opts.branch } : {}),
      roomState: (branch) => this.roomState(remote, branch),
    });
    if (remote !== name) this.setRemoteName(name, remote);
    await this.link(result.workspace, result.branch);
    return result;
  }

  /**
   * Replace a branch's live document with the room's ("take the server's version"): its
   * uncommitted local state is dropped, commits are kept. The branch must not be open.
   */
  async adoptServerVersion(ws: Workspace, branch: string): Promise<void> {
    const state = await this.roomState(this.remoteName(ws.name), branch);
    ws.adoptLiveDoc(branch, state);
    await this.link(ws, branch);
  }

  /** To the branch's name on the server (a linked branch keeps it across a local rename). */
  push(ws: Workspace, branch: string): Promise<PushResult> {
    return this.history(ws).push(ws, branch, this.remoteOf(ws, branch).branch);
  }

  pull(ws: Workspace, branch: string): Promise<PullResult> {
    return this.history(ws).pull(ws, branch, { liveSynced: this.rooms.has(roomKey(ws.name, branch)), remoteBranch: this.remoteOf(ws, branch).branch });
  }

  close(): void {
    this.disconnectAll();
  }
}
