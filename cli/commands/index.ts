import type { Command } from 'commander';
import { registerApply } from './apply';
import { registerBranch } from './branch';
import { registerCat } from './cat';
import { registerCheckout } from './checkout';
import { registerCommit } from './commit';
import { registerDiff } from './diff';
import { registerLog } from './log';
import { registerRevert } from './revert';
import { registerShow } from './show';
import { registerWorkspace } from './workspace';
import { registerCodes } from './codes';
import { registerDemo } from './demo';
import { registerFmt } from './fmt';
import { registerInit } from './init';
import { registerStats } from './stats';
import { registerValidate } from './validate';
import { registerImport } from './import';
import { registerExport } from './export';
import { registerMerge } from './merge';
import { registerChanges } from './changes';
import { registerChangelog } from './changelog';
import { registerRelease } from './release';

/** Each command lives in its own file and registers itself here; add one line per new command. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerInit,
  registerValidate,
  registerFmt,
  registerStats,
  registerDemo,
  registerCodes,
  registerWorkspace,
  registerBranch,
  registerApply,
  registerCat,
  registerCommit,
  registerLog,
  registerShow,
  registerDiff,
  registerCheckout,
  registerRevert,
  registerImport,
  registerExport,
  registerMerge,
  registerChanges,
  registerChangelog,
  registerRelease,
];
