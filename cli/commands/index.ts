import type { Command } from 'commander';
import { registerCodes } from './codes';
import { registerDemo } from './demo';
import { registerFmt } from './fmt';
import { registerInit } from './init';
import { registerStats } from './stats';
import { registerValidate } from './validate';

/** Each command lives in its own file and registers itself here; add one line per new command. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerInit,
  registerValidate,
  registerFmt,
  registerStats,
  registerDemo,
  registerCodes,
];
