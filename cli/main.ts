import { Command, CommanderError } from 'commander';
import { OmsError } from '../core/errors';
import { commands } from './commands';
import { CliError, EXIT, exitCodeFor } from './errors';
import { color } from './output';

// `oms log | head` closes stdout early; that is the reader's choice, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.OK);
  throw err;
});

const program = new Command('oms')
  .description('OMS Studio command line: validate, diff, merge, import/export and release ontologies')
  .version('0.1.0')
  // Usage errors are reported below like every other error: one `error[USAGE]` line, no help dump.
  .configureOutput({ outputError: () => undefined })
  .exitOverride();

/**
 * Every failure is one line `error[CODE]: message` on stderr and a sysexits code. With `--json`, stdout
 * also gets `{"error":{"code","message"}}`, so a script reading stdout always gets valid JSON.
 */
function fail(code: string, message: string, exitCode: number): never {
  const line = message.replace(/\s*\n\s*/g, ' ').trim();
  process.stderr.write(`${color.red('error')}[${code}]: ${line}\n`);
  if (process.argv.slice(2).includes('--json')) process.stdout.write(`${JSON.stringify({ error: { code, message: line } })}\n`);
  process.exit(exitCode);
}

for (const register of commands) register(program);

// The program-wide --version wins over anything after a sub-command, so `oms release --version 1.2.0`
// would print oms' version and exit 0 having released nothing; the release version is positional.
const names = new Set(program.commands.map((c) => c.name()));
if (process.argv.slice(2).find((a) => names.has(a)) === 'release' && process.argv.includes('--version')) {
  fail('USAGE', 'oms release takes the version as an argument (oms release 1.2.0); --version only prints the version of oms', EXIT.USAGE);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed (as does `oms` alone: help on stderr).
    if (err.exitCode === 0 || err.code === 'commander.help') process.exit(err.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
    fail('USAGE', `${err.message.replace(/^error: /, '')} (see --help)`, EXIT.USAGE);
  }
  if (err instanceof OmsError) {
    if (process.env.OMS_DEBUG && err.details) process.stderr.write(`${JSON.stringify(err.details, null, 2)}\n`);
    fail(err.code, err.message, err instanceof CliError || err.code ? exitCodeFor(err) : EXIT.SOFTWARE);
  }
  process.stderr.write(`${color.red('internal error')}: ${err instanceof Error ? err.message : String(err)}\n`);
  if (process.env.OMS_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
  process.stderr.write('This is a bug in oms; rerun with OMS_DEBUG=1 and report the output.\n');
  process.exit(EXIT.SOFTWARE);
}
