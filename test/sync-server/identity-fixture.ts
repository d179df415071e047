/**
 * A real oms-sync with accounts on 127.0.0.1:0: SQLite account store in a temp dir, argon2 at test
 * cost (config, as an operator would set it), a movable clock, the static token file alongside
 * (bootstrap/dev credentials keep working), and a first admin + workspace made the way the CLI does.
 */
import type { TokenPair } from '../../core/contract/identity-api';
import { loadConfig } from '../../sync-server/config';
import { openIdentity } from '../../sync-server/identity/open';
import type { IdentityService } from '../../sync-server/identity/service';
import { createLogger } from '../../sync-server/logger';
import { SyncServer } from '../../sync-server/server';
import { tempDir, writeTokens } from './helpers';

export const PASSWORD = 'correct-horse-battery-staple-42';
export const WORKSPACE = 'acme';

export interface Clock {
  offsetMs: number;
  now(): number;
}

export interface IdentityServer {
  server: SyncServer;
  identity: IdentityService;
  clock: Clock;
  http: string;
  url: string;
  dir: string;
  adminId: string;
  stop(): Promise<void>;
  /** fetch against the server with an optional bearer token and JSON body. */
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  login(username: string, password?: string): Promise<TokenPair>;
  /** A user with `role` in the workspace (and signed in). */
  member(username: string, role: string | null, workspace?: string): Promise<{ id: string; tokens: TokenPair }>;
}

type Plain = Record<string, unknown>;

export async function startIdentityServer(identityOverrides: Plain = {}, serverOverrides: Plain = {}): Promise<IdentityServer> {
  const t = tempDir('oms-identity-test-');
  const clock: Clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };
  const config = loadConfig({
    env: {},
    overrides: {
      port: 0,
      host: '127.0.0.1',
      dataDir: t.dir,
      tokensFile: writeTokens(t.dir),
      logLevel: 'silent',
      durability: 'normal',
      revalidateMs: 100,
      identity: { hash: { memoryCost: 64, timeCost: 1, parallelism: 1 }, ...identityOverrides },
      ...serverOverrides,
    },
  });
  const identity = (await openIdentity(config, clock.now))!;
  const admin = await identity.createUser({ username: 'root', password: PASSWORD, serverAdmin: true }, 'test');
  await identity.createWorkspace(WORKSPACE, null, 'test');
  const server = new SyncServer({ config, logger: createLogger('silent'), identity });
  const { port } = await server.listen();
  const http = `http://127.0.0.1:${port}`;

  const call: IdentityServer['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${http}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Plain) : {}, headers: res.headers };
  };

  const login = async (username: string, password = PASSWORD): Promise<TokenPair> => {
    const r = await call('POST', '/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as unknown as TokenPair;
  };

  const member: IdentityServer['member'] = async (username, role, workspace = WORKSPACE) => {
    const u = await identity.createUser({ username, password: PASSWORD }, 'test');
    if (role) await identity.setMember(workspace, u.id, role as 'viewer', 'test');
    return { id: u.id, tokens: await login(username) };
  };

  return {
    server,
    identity,
    clock,
    http,
    url: `ws://127.0.0.1:${port}`,
    dir: t.dir,
    adminId: admin.id,
    call,
    login,
    member,
    async stop() {
      await server.close();
      t.cleanup();
    },
  };
}
