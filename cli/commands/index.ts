import type { Command } from 'commander';
import { COMMAND_NAMES, commandsToLoad, requestedName, type CommandName } from './requested';

/** Each command lives in its own file and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export interface CommandEntry {
  name: string;
  /** Loaded only when this command runs (or for the full help): start-up pays for one command's imports, not all of them. */
  load(): Promise<RegisterCommand>;
}

const LOADERS: Record<CommandName, () => Promise<RegisterCommand>> = {
  init: async () => (await import('./init')).registerInit,
  validate: async () => (await import('./validate')).registerValidate,
  fmt: async () => (await import('./fmt')).registerFmt,
  stats: async () => (await import('./stats')).registerStats,
  demo: async () => (await import('./demo')).registerDemo,
  codes: async () => (await import('./codes')).registerCodes,
  workspace: async () => (await import('./workspace')).registerWorkspace,
  branch: async () => (await import('./branch')).registerBranch,
  apply: async () => (await import('./apply')).registerApply,
  cat: async () => (await import('./cat')).registerCat,
  commit: async () => (await import('./commit')).registerCommit,
  log: async () => (await import('./log')).registerLog,
  show: async () => (await import('./show')).registerShow,
  diff: async () => (await import('./diff')).registerDiff,
  checkout: async () => (await import('./checkout')).registerCheckout,
  revert: async () => (await import('./revert')).registerRevert,
  import: async () => (await import('./import')).registerImport,
  export: async () => (await import('./export')).registerExport,
  merge: async () => (await import('./merge')).registerMerge,
  changes: async () => (await import('./changes')).registerChanges,
  changelog: async () => (await import('./changelog')).registerChangelog,
  release: async () => (await import('./release')).registerRelease,
};

/** One entry per command, in help order (COMMAND_NAMES). */
export const commands: CommandEntry[] = COMMAND_NAMES.map((name) => ({ name, load: LOADERS[name] }));

/** The sub-command named on the command line, if it is one of ours (`oms --store s log` → log). */
export function requestedCommand(args: readonly string[]): CommandEntry | undefined {
  const name = requestedName(args);
  return name === undefined ? undefined : commands.find((c) => c.name === name);
}

/** The commands a run loads (requested.ts): the one named, none for a bare --version, else all. */
export function commandsFor(args: readonly string[]): CommandEntry[] {
  const names = new Set<string>(commandsToLoad(args));
  return commands.filter((c) => names.has(c.name));
}
