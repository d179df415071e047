import { OmsError } from '../core/errors';

/** CLI-level failures (bad arguments, unreadable files). Carries the process exit code. */
export class CliError extends OmsError {}

/**
 * Exit codes follow sysexits(3) for user errors so scripts can tell "your input is wrong" from
 * "the tool broke". 0/1/2 are reserved for validation outcomes (ok / ERROR / BLOCK).
 */
export const EXIT = { OK: 0, ERRORS: 1, BLOCKED: 2, USAGE: 64, DATA: 65, NO_INPUT: 66, SOFTWARE: 70, IO: 74, CONFLICT: 75 } as const;

const EXIT_BY_CODE_PREFIX: Array<[RegExp, number]> = [
  [/^(USAGE|ARG_|WORKSPACE_AMBIGUOUS)/, EXIT.USAGE],
  [/^(FILE_NOT_FOUND|STORE_NOT_FOUND|BRANCH_NOT_FOUND|COMMIT_NOT_FOUND|REF_NOT_FOUND|WORKSPACE_NOT_FOUND)/, EXIT.NO_INPUT],
  [/^(MERGE_|REVERT_)/, EXIT.CONFLICT],
  [/^(FILE_|IO_)/, EXIT.IO],
];

export function exitCodeFor(err: OmsError): number {
  for (const [re, code] of EXIT_BY_CODE_PREFIX) if (re.test(err.code)) return code;
  return EXIT.DATA;
}
