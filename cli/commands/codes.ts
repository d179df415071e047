/** `oms codes [--json]`: the validation code catalogue (code, default severity, meaning). */
import { z } from 'zod';
import { ALL_CODES, DIAGNOSTIC_CODES, SEVERITY_RANK } from '../../core/validate';
import { emit } from '../output';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const CodesOptions = z.strictObject({ json: z.boolean().optional() });

export const registerCodes: RegisterCommand = (program) => {
  program
    .command('codes')
    .description('list every validation code with its default severity and meaning')
    .option('--json', 'print as JSON')
    .action((raw: unknown) => {
      const options = parseOptions(CodesOptions, raw);
      const rows = ALL_CODES.map((code) => ({ code, ...DIAGNOSTIC_CODES[code] }))
        .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.code < b.code ? -1 : 1));
      const width = Math.max(...rows.map((r) => r.code.length));
      emit(options, rows, () => rows.map((r) => `${r.severity.padEnd(5)}  ${r.code.padEnd(width)}  ${r.meaning}`).join('\n'));
    });
};
