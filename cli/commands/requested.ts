/**
 * Which commands a command line runs, decided from argv alone and importing nothing: cli/main.ts
 * loads only those, and bin/run-built.js (through the bundle's out/bin/oms-requested.mjs) checks
 * only their sources for staleness before start-up.
 */
export const COMMAND_NAMES = [
  'init', 'validate', 'fmt', 'stats', 'demo', 'codes', 'workspace', 'branch', 'apply', 'cat', 'commit', 'log', 'show',
  'diff', 'checkout', 'revert', 'import', 'export', 'merge', 'changes', 'changelog', 'release',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Options of the program itself that take a value, so the sub-command can be found without commander. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--store', '--workspace']);

const isCommandName = (arg: string): arg is CommandName => (COMMAND_NAMES as readonly string[]).includes(arg);

/** The sub-command named on the command line, if it is one of ours (`oms --store s log` → log). */
export function requestedName(args: readonly string[]): CommandName | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return undefined;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) return isCommandName(arg) ? arg : undefined;
  }
  return undefined;
}

/** The commands a run loads: the one named; none for a bare `--version`; else all (help, typos). */
export function commandsToLoad(args: readonly string[]): readonly CommandName[] {
  const wanted = requestedName(args);
  if (wanted) return [wanted];
  return args.length === 1 && (args[0] === '--version' || args[0] === '-V') ? [] : COMMAND_NAMES;
}

/** The source each command's chunk is built from (each command lives in cli/commands/<name>.ts). */
export const commandSource = (name: CommandName): string => `cli/commands/${name}.ts`;

/** For bin/run-built.js: the lazily loaded sources this command line will load. */
export function partsToLoad(args: readonly string[]): string[] {
  return commandsToLoad(args).map(commandSource);
}

/** For bin/run-built.js: every source partsToLoad may name (other lazy parts are always checked). */
export function allParts(): string[] {
  return COMMAND_NAMES.map(commandSource);
}
