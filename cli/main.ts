import { Command, CommanderError } from 'commander';
import { getCompileCacheDir } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { OmsError } from '../core/errors';
import { environmentError } from '../main/services/store/errors';
import { commandsFor, requestedCommand } from './commands';
import { CliError, EXIT, exitCodeFor, isRetryable } from './errors';
import { addGlobalOptions } from './global-options';
import { color, useColor } from './output';
import { sanitiseStream } from './terminal-safe';

// Names and messages from input files must not drive the terminal (see terminal-safe).
sanitiseStream(process.stdout, useColor);
sanitiseStream(process.stderr, useColor);

// `oms log | head` closes stdout early; that is the reader's choice, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.OK);
  throw err;
});

const VERSION = '0.1.0';

const program = new Command('oms')
  .description('OMS Studio command line: validate, diff, merge, import/export and release ontologies')
  .version(VERSION)
  // Every sub-command's --help lists --store/--workspace too (commander copies this to sub-commands).
  .configureHelp({ showGlobalOptions: true })
  // Usage errors are reported below like every other error: one `error[USAGE]` line, no help dump.
  .configureOutput({ outputError: () => undefined })
  .exitOverride();
addGlobalOptions(program);

const wantsJson = process.argv.slice(2).includes('--json');

/**
 * Every failure is one line `error[CODE]: message` on stderr and a sysexits code (cli/errors). With
 * `--json`, stdout also gets `{"error":{"code","message"}}` (plus `"retryable":true` when running the
 * command again can succeed), so a script reading stdout always gets valid JSON.
 */
function fail(code: string, message: string, exitCode: number, retryable = false): never {
  const line = message.replace(/\s*\n\s*/g, ' ').trim();
  process.stderr.write(`${color.red('error')}[${code}]: ${line}\n`);
  if (wantsJson) process.stdout.write(`${JSON.stringify({ error: { code, message: line, ...(retryable ? { retryable } : {}) } })}\n`);
  process.exit(exitCode);
}

/** Node fs failures that escaped a boundary without a code of ours: still the environment, not a bug. */
function fsFailure(err: unknown): CliError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const path = (err as NodeJS.ErrnoException | undefined)?.path;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return undefined;
  const what = `${path ?? 'a file'} (${code})`;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new CliError('FILE_DISK_FULL', `the disk is full writing ${what}`, { path, errno: code });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new CliError('FILE_READ_ONLY', `permission denied: ${what}`, { path, errno: code });
  return new CliError('IO_ERROR', `cannot access ${what}`, { path, errno: code });
}

/**
 * With the compile cache on (bin/run-built.js), V8 compiles each function of the modules loaded
 * from here on when it compiles the module, not at its first call, so the cache holds them all and
 * later runs deserialize them instead of compiling the ~450 functions of zod, the model and
 * validation that `oms validate` calls, on every start (the v8-compile-cache package does the same).
 * The price is paid once, by the first run after a build (it compiles functions it never calls).
 * Without a cache it would only cost; `--version` loads no command and does not call this.
 */
function compileEagerlyIntoCache(): void {
  if (getCompileCacheDir?.()) setFlagsFromString('--no-lazy');
}

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  // Load only the command being run (start-up pays for its imports alone); help and typos load all.
  const wanted = requestedCommand(args);
  const commands = commandsFor(args);
  if (commands.length > 0) {
    compileEagerlyIntoCache();
    // Before the commands' schemas are built; `--version` loads no command and so no zod.
    await import('./zod-config');
  }
  for (const register of await Promise.all(commands.map((c) => c.load()))) register(program);

  // The program-wide --version wins over anything after a sub-command, so `oms release --version 1.2.0`
  // would print oms' version and exit 0 having released nothing; the release version is positional.
  if (wanted?.name === 'release' && args.includes('--version')) {
    fail('USAGE', 'oms release takes the version as an argument (oms release 1.2.0); --version only prints the version of oms', EXIT.USAGE);
  }
  await program.parseAsync(process.argv);
}

try {
  await run();
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed (as does `oms` alone: help on stderr).
    if (err.exitCode === 0 || err.code === 'commander.help') process.exit(err.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
    fail('USAGE', `${err.message.replace(/^error: /, '')} (see --help)`, EXIT.USAGE);
  }
  // SQLite and fs failures that escaped untyped are still the environment (disk, permissions, locks).
  const typed = err instanceof OmsError ? err : (environmentError(err, 'the store') ?? fsFailure(err));
  if (typed) {
    if (process.env.OMS_DEBUG && typed.details) process.stderr.write(`${JSON.stringify(typed.details, null, 2)}\n`);
    fail(typed.code, typed.message, exitCodeFor(typed), isRetryable(typed));
  }
  process.stderr.write(`${color.red('internal error')}: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.OMS_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
  process.stderr.write('This is a bug in oms; rerun with OMS_DEBUG=1 and report the output.\n');
  process.exit(EXIT.SOFTWARE);
}
