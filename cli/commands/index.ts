import type { Command } from 'commander';

/** Each command lives in its own file and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export interface CommandEntry {
  name: string;
  /** Loaded only when this command runs (or for the full help): start-up pays for one command's imports, not all of them. */
  load(): Promise<RegisterCommand>;
}

/** One line per command, in help order. */
export const commands: CommandEntry[] = [
  { name: 'init', load: async () => (await import('./init')).registerInit },
  { name: 'validate', load: async () => (await import('./validate')).registerValidate },
  { name: 'fmt', load: async () => (await import('./fmt')).registerFmt },
  { name: 'stats', load: async () => (await import('./stats')).registerStats },
  { name: 'demo', load: async () => (await import('./demo')).registerDemo },
  { name: 'codes', load: async () => (await import('./codes')).registerCodes },
  { name: 'workspace', load: async () => (await import('./workspace')).registerWorkspace },
  { name: 'branch', load: async () => (await import('./branch')).registerBranch },
  { name: 'apply', load: async () => (await import('./apply')).registerApply },
  { name: 'cat', load: async () => (await import('./cat')).registerCat },
  { name: 'commit', load: async () => (await import('./commit')).registerCommit },
  { name: 'log', load: async () => (await import('./log')).registerLog },
  { name: 'show', load: async () => (await import('./show')).registerShow },
  { name: 'diff', load: async () => (await import('./diff')).registerDiff },
  { name: 'checkout', load: async () => (await import('./checkout')).registerCheckout },
  { name: 'revert', load: async () => (await import('./revert')).registerRevert },
  { name: 'import', load: async () => (await import('./import')).registerImport },
  { name: 'export', load: async () => (await import('./export')).registerExport },
  { name: 'merge', load: async () => (await import('./merge')).registerMerge },
  { name: 'changes', load: async () => (await import('./changes')).registerChanges },
  { name: 'changelog', load: async () => (await import('./changelog')).registerChangelog },
  { name: 'release', load: async () => (await import('./release')).registerRelease },
];

/** Options of the program itself that take a value, so the sub-command can be found without commander. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--store', '--workspace']);

/** The sub-command named on the command line, if it is one of ours (`oms --store s log` → log). */
export function requestedCommand(args: readonly string[]): CommandEntry | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return undefined;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) return commands.find((c) => c.name === arg);
  }
  return undefined;
}
