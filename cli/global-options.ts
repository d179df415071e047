/**
 * Options of the program itself, defined once in a module that imports nothing heavy: main adds them
 * before any command loads, so `oms --store s validate f` parses even when only `validate` is loaded,
 * and every sub-command's --help lists them.
 */
import type { Command } from 'commander';

export function addGlobalOptions(program: Command): void {
  if (program.options.some((o) => o.long === '--store')) return;
  program
    .option('--store <dir>', 'store directory (default: $OMS_HOME or the user data dir/oms-studio)')
    .option('--workspace <name>', "workspace in the store (default: 'default' or the only one)");
}
