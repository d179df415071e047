/**
 * `oms-sync` admin CLI (bin/oms-sync.js): serve | doctor | compact | backup <file> | restore <file>.
 * Every command reads the same configuration (defaults < --config file < OMS_* env < flags).
 */
import { Command, CommanderError } from 'commander';
import { OmsError } from '../core/errors';
import { EXIT, exitCodeFor } from '../cli/errors';
import type * as AdminCommands from './admin/commands';
import type * as ConfigModule from './config';
import type { ServerConfig } from './config';
import { VERSION } from './version';

// Everything else loads when a command runs: `--version` and `--help` start without the server,
// the stores or zod (the server bundle is most of oms-sync's start-up).
let configModule: typeof ConfigModule | undefined;
const admin = (): Promise<typeof AdminCommands> => import('./admin/commands');

interface CommonFlags {
  config?: string;
  dataDir?: string;
}

interface ServeFlags extends CommonFlags {
  port?: string;
  host?: string;
  tokens?: string;
  insecureNoAuth?: boolean;
  logLevel?: string;
}

function configFrom(flags: ServeFlags): ServerConfig {
  const overrides: Record<string, unknown> = {};
  if (flags.port !== undefined) overrides.port = flags.port;
  if (flags.host !== undefined) overrides.host = flags.host;
  if (flags.dataDir !== undefined) overrides.dataDir = flags.dataDir;
  if (flags.tokens !== undefined) overrides.tokensFile = flags.tokens;
  if (flags.logLevel !== undefined) overrides.logLevel = flags.logLevel;
  if (flags.insecureNoAuth) overrides.insecureNoAuth = true;
  if (!configModule) throw new Error('the configuration module is loaded by the preAction hook');
  return configModule.loadConfig({ configFile: flags.config, overrides });
}

const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

const program = new Command('oms-sync')
  .description('OMS Studio sync server: y-websocket live sync, persistence, limits, health and metrics')
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride()
  .hook('preAction', async () => {
    configModule ??= await import('./config');
  });

const withCommon = (c: Command): Command => c.option('-c, --config <file>', 'JSON config file').option('-d, --data-dir <dir>', 'data directory (OMS_DATA_DIR)');

withCommon(program.command('serve').description('run the server until SIGTERM/SIGINT'))
  .option('-p, --port <port>', 'port (OMS_PORT, default 8787; 0 = any free port)')
  .option('-H, --host <host>', 'bind address (OMS_HOST, default 0.0.0.0)')
  .option('-t, --tokens <file>', 'static token file (OMS_TOKENS)')
  .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (OMS_LOG_LEVEL)')
  .option('--insecure-no-auth', 'run WITHOUT authentication (never on a shared network)')
  .action(async (flags: ServeFlags) => {
    const [{ SyncServer }, { openIdentity }] = await Promise.all([import('./server'), import('./identity/open')]);
    const config = configFrom(flags);
    const server = new SyncServer({ config, identity: await openIdentity(config) });
    await server.listen();
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      server.logger.info({ signal }, 'signal received');
      server.close().then(
        () => process.exit(server.flushedCleanly ? EXIT.OK : EXIT.SOFTWARE),
        (err: unknown) => {
          server.logger.error({ err: (err as Error).message }, 'shutdown failed');
          process.exit(EXIT.SOFTWARE);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });

withCommon(program.command('doctor').description('check configuration, token file and storage'))
  .option('--json', 'machine-readable output')
  .action(async (flags: CommonFlags & { json?: boolean }) => {
    const checks = await (await admin()).doctor(configFrom(flags));
    if (flags.json) print(checks);
    else for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(8)} ${c.detail}\n`);
    process.exitCode = checks.every((c) => c.ok) ? EXIT.OK : EXIT.ERRORS;
  });

withCommon(program.command('compact').description('fold every document log into its snapshot'))
  .option('-w, --workspace <name>', 'only this workspace')
  .option('-b, --branch <name>', 'only this branch')
  .action(async (flags: CommonFlags & { workspace?: string; branch?: string }) => {
    const filter: { workspace?: string; branch?: string } = {};
    if (flags.workspace) filter.workspace = flags.workspace;
    if (flags.branch) filter.branch = flags.branch;
    print(await (await admin()).compact(configFrom(flags), filter));
  });

withCommon(program.command('backup <file>').description('online backup to <file> (+ history to <file>.workspaces/); safe while serving')).action(async (file: string, flags: CommonFlags) => {
  print(await (await admin()).backup(configFrom(flags), file));
});

withCommon(program.command('restore <file>').description('replace the database with a backup (stop the server first)')).action(async (file: string, flags: CommonFlags) => {
  print(await (await admin()).restore(configFrom(flags), file));
});

const args = process.argv.slice(2);
if (!(args.length === 1 && (args[0] === '--version' || args[0] === '-V'))) {
  (await import('./admin/identity-commands')).registerIdentityCommands(program, withCommon, configFrom, print);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
  if (err instanceof OmsError) {
    process.stderr.write(`error[${err.code}]: ${err.message}\n`);
    process.exit(err.code.startsWith('CONFIG_') || err.code.startsWith('TOKENS_') || err.code === 'AUTH_NOT_CONFIGURED' ? EXIT.USAGE : exitCodeFor(err));
  }
  process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(EXIT.SOFTWARE);
}
