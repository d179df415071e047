/**
 * oms-sync configuration: defaults < JSON config file (`--config`) < environment (OMS_*) < CLI
 * flags. Validated once at start with zod; every problem is reported with its key and source.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { SyncServerError } from './errors';
import { IDENTITY_DEFAULTS, IDENTITY_ENV_KEYS, IdentityConfigSchema } from './identity/config';

const MiB = 1024 * 1024;
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

export const LimitsSchema = z.strictObject({
  /** Largest WebSocket frame accepted; bigger closes with 1009. */
  maxMessageBytes: positiveInt.default(2 * MiB),
  /** Largest size (compacted state) a document may grow to; writes beyond close with 4513. */
  maxDocumentBytes: positiveInt.default(256 * MiB),
  /** Token bucket per connection: sustained messages per second … */
  messagesPerSecond: positiveInt.default(200),
  /** … and the burst it may spend at once. Over budget, frames wait (backpressure). */
  messageBurst: positiveInt.default(1000),
  maxConnectionsPerIp: positiveInt.default(100),
  maxConnections: positiveInt.default(20_000),
  /**
   * Frames a connection may hold back (its room still loading, or over its rate budget; the socket
   * is not read meanwhile). Frames already read past these close it with 1013.
   */
  maxQueuedMessages: positiveInt.default(10_000),
  maxQueuedBytes: positiveInt.default(8 * MiB),
  /** Open TCP sockets per client address (upgraded or not): caps half-open upgrades. At least maxConnectionsPerIp + 16. */
  maxSocketsPerIp: positiveInt.default(128),
  /** A request (or upgrade) whose headers are not complete within this is closed (slow clients). */
  headersTimeoutMs: positiveInt.default(10_000),
  /** Presence entries (awareness client ids) one connection may publish … */
  maxPresencePerConnection: positiveInt.default(32),
  /** … and one room may hold. */
  maxPresencePerRoom: positiveInt.default(1000),
  /** Largest presence state (its JSON text), and presence bytes per room. */
  maxPresenceStateBytes: positiveInt.default(16 * 1024),
  maxPresenceRoomBytes: positiveInt.default(4 * MiB),
  /** Deepest nesting of arrays/objects in a presence state. */
  maxPresenceDepth: positiveInt.default(16),
  /** Presence not renewed within this expires (stock clients renew every 15 s). */
  presenceTimeoutMs: positiveInt.default(30_000),
  /** A peer that does not answer a ping within one interval is terminated. */
  heartbeatMs: positiveInt.default(30_000),
  /** A peer whose unsent outbound data exceeds this is too slow to keep up; closed with 1008. */
  maxBufferedBytes: positiveInt.default(64 * MiB),
});

export const ConfigSchema = z.strictObject({
  port: port.default(8787),
  host: z.string().min(1).default('0.0.0.0'),
  dataDir: z.string().min(1).default('./oms-data'),
  /** `postgres://…` keeps live documents in PostgreSQL instead of SQLite in dataDir (DESIGN.md §6). */
  db: z
    .string()
    .regex(/^postgres(ql)?:\/\/./, 'must be a postgres:// or postgresql:// connection URL')
    .optional(),
  /** Connections per server process when `db` is PostgreSQL. */
  dbPoolSize: positiveInt.default(10),
  /** Path of the static token file (JSON or `token workspace-glob role [expires]` lines). */
  tokensFile: z.string().min(1).optional(),
  /** Only from the explicit `--insecure-no-auth` flag (never a config file or env): run without any authentication. */
  insecureNoAuth: z.boolean().default(false),
  /**
   * Addresses of reverse proxies (TLS terminators) whose X-Forwarded-For is believed. The client
   * address (for per-IP caps and logs) is then the right-most forwarded address that is not itself
   * a trusted proxy; from anyone else the header is ignored.
   */
  trustedProxies: z.array(z.ipv4().or(z.ipv6())).default([]),
  /** An idle workspace history file is closed after this (and at most maxOpenHistories stay open). */
  historyIdleMs: positiveInt.default(60_000),
  maxOpenHistories: positiveInt.default(64),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `full` fsyncs every batch (survives power loss); `normal` survives a process crash only. */
  durability: z.enum(['full', 'normal']).default('full'),
  limits: LimitsSchema.default(LimitsSchema.parse({})),
  compaction: z
    .strictObject({
      /** Compact a document once its log holds this many updates past the snapshot. */
      thresholdUpdates: positiveInt.default(500),
      intervalMs: positiveInt.default(60_000),
    })
    .default({ thresholdUpdates: 500, intervalMs: 60_000 }),
  shutdownTimeoutMs: positiveInt.default(10_000),
  /** How often open connections are revalidated (token file reloaded, expiry, revocation). */
  revalidateMs: positiveInt.default(1_000),
  /** Largest accepted /api/v1 request body. */
  maxBodyBytes: positiveInt.default(16 * MiB),
  /** Accounts, sessions, MFA and RBAC (sync-server/identity/config.ts). */
  identity: IdentityConfigSchema.default(IDENTITY_DEFAULTS),
});
export type ServerConfig = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Environment variable → config path. The README's configuration table is this list. */
export const ENV_KEYS: ReadonlyArray<[string, string]> = [
  ['OMS_PORT', 'port'],
  ['OMS_HOST', 'host'],
  ['OMS_DATA_DIR', 'dataDir'],
  ['OMS_DB', 'db'],
  ['OMS_DB_POOL_SIZE', 'dbPoolSize'],
  ['OMS_TOKENS', 'tokensFile'],
  ['OMS_LOG_LEVEL', 'logLevel'],
  ['OMS_DURABILITY', 'durability'],
  ['OMS_MAX_MESSAGE_BYTES', 'limits.maxMessageBytes'],
  ['OMS_MAX_DOCUMENT_BYTES', 'limits.maxDocumentBytes'],
  ['OMS_RATE_MESSAGES_PER_SECOND', 'limits.messagesPerSecond'],
  ['OMS_RATE_BURST', 'limits.messageBurst'],
  ['OMS_MAX_CONNECTIONS_PER_IP', 'limits.maxConnectionsPerIp'],
  ['OMS_MAX_CONNECTIONS', 'limits.maxConnections'],
  ['OMS_MAX_QUEUED_MESSAGES', 'limits.maxQueuedMessages'],
  ['OMS_MAX_QUEUED_BYTES', 'limits.maxQueuedBytes'],
  ['OMS_HEARTBEAT_MS', 'limits.heartbeatMs'],
  ['OMS_MAX_BUFFERED_BYTES', 'limits.maxBufferedBytes'],
  ['OMS_COMPACT_THRESHOLD', 'compaction.thresholdUpdates'],
  ['OMS_COMPACT_INTERVAL_MS', 'compaction.intervalMs'],
  ['OMS_SHUTDOWN_TIMEOUT_MS', 'shutdownTimeoutMs'],
  ['OMS_REVALIDATE_MS', 'revalidateMs'],
  ['OMS_MAX_BODY_BYTES', 'maxBodyBytes'],
  ...IDENTITY_ENV_KEYS,
  ['OMS_MAX_SOCKETS_PER_IP', 'limits.maxSocketsPerIp'],
  ['OMS_HEADERS_TIMEOUT_MS', 'limits.headersTimeoutMs'],
  ['OMS_TRUSTED_PROXIES', 'trustedProxies'],
  ['OMS_HISTORY_IDLE_MS', 'historyIdleMs'],
];

/** Keys that only a command-line flag may set: a config file or the environment is refused. */
const FLAG_ONLY = ['insecureNoAuth'] as const;
/** Environment values that are lists (comma-separated). */
const LIST_KEYS = new Set(['trustedProxies']);

type Plain = Record<string, unknown>;

function setPath(target: Plain, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Plain;
  }
  node[parts[parts.length - 1]!] = value;
}

function mergeDeep(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = typeof v === 'object' && v !== null && !Array.isArray(v) && typeof b === 'object' && b !== null ? mergeDeep(b as Plain, v as Plain) : v;
  }
  return out;
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  configFile?: string | undefined;
  /** Values from CLI flags; highest precedence. */
  overrides?: Plain;
}

export function readConfigFile(path: string): Plain {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SyncServerError('CONFIG_UNREADABLE', `cannot read config file ${path}: ${(err as Error).message}`, { file: path });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SyncServerError('CONFIG_INVALID', `config file ${path} is not valid JSON: ${(err as Error).message}`, { file: path });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SyncServerError('CONFIG_INVALID', `config file ${path} must hold a JSON object`, { file: path });
  }
  return parsed as Plain;
}

function formatIssues(error: z.ZodError, sources: Map<string, string>): string {
  return error.issues
    .map((i) => {
      const path = i.path.join('.');
      const source = sources.get(path);
      return `  ${path || '(root)'}: ${i.message}${source ? ` (from ${source})` : ''}`;
    })
    .join('\n');
}

export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const env = options.env ?? process.env;
  const sources = new Map<string, string>();
  let input: Plain = {};
  if (options.configFile) {
    input = readConfigFile(options.configFile);
    const walk = (o: Plain, prefix: string): void => {
      for (const [k, v] of Object.entries(o)) {
        const p = prefix ? `${prefix}.${k}` : k;
        if (!prefix && (FLAG_ONLY as readonly string[]).includes(k)) {
          throw new SyncServerError('CONFIG_INVALID', `invalid configuration:\n  ${k}: only the --insecure-no-auth flag may turn authentication off (from ${options.configFile})`, { file: options.configFile });
        }
        sources.set(p, options.configFile!);
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) walk(v as Plain, p);
      }
    };
    walk(input, '');
  }
  const fromEnv: Plain = {};
  for (const [name, path] of ENV_KEYS) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    setPath(fromEnv, path, LIST_KEYS.has(path) ? value.split(',').map((v) => v.trim()).filter(Boolean) : value);
    sources.set(path, name);
  }
  input = mergeDeep(mergeDeep(input, fromEnv), options.overrides ?? {});
  const result = ConfigSchema.safeParse(input);
  if (!result.success) {
    throw new SyncServerError('CONFIG_INVALID', `invalid configuration:\n${formatIssues(result.error, sources)}`, {
      issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const config = result.data;
  config.dataDir = resolve(config.dataDir);
  if (config.tokensFile) config.tokensFile = resolve(config.tokensFile);
  return config;
}
