/** `oms fmt <file> [--check]`: rewrite to canonical pretty form (atomically), or only check it. */
import { z } from 'zod';
import { canonicalJson } from '../../core/model';
import { EXIT } from '../errors';
import { readOntologyFile, readText, writeFileAtomic } from '../files';
import { color } from '../output';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const FmtOptions = z.strictObject({ check: z.boolean().optional() });

export const registerFmt: RegisterCommand = (program) => {
  program
    .command('fmt')
    .description('rewrite an ontology file in canonical form (sorted keys, 2-space indent)')
    .argument('<file>', 'an oms/1 ontology file')
    .option('--check', 'do not write; exit 1 if the file is not canonical')
    .action((file: string, raw: unknown) => {
      const options = parseOptions(FmtOptions, raw);
      const text = readText(file);
      // Everything that can fail happens before the write: a bad file is left exactly as it was.
      // (readOntologyFile reads again; cheap, and it keeps one definition of "a readable ontology file".)
      const canonical = canonicalJson(readOntologyFile(file), { pretty: true });
      if (canonical === text) {
        process.stdout.write(`${file}: already canonical\n`);
        return;
      }
      if (options.check) {
        process.stdout.write(`${color.yellow('not canonical')}: ${file} (run \`oms fmt ${file}\`)\n`);
        process.exitCode = EXIT.ERRORS;
        return;
      }
      writeFileAtomic(file, canonical);
      process.stdout.write(`${color.green('formatted')} ${file}\n`);
    });
};
