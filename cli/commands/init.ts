/** `oms init <file> [--name <name>]`: write a new, empty, canonical ontology; never overwrite. */
import { linkSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../core/errors';
import { canonicalJson, emptyOntology } from '../../core/model';
import { CliError } from '../errors';
import { color } from '../output';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const InitOptions = z.strictObject({ name: z.string().trim().min(1).max(200).optional() });

export const registerInit: RegisterCommand = (program) => {
  program
    .command('init')
    .description('create a new empty ontology file (refuses to overwrite)')
    .argument('<file>', 'file to create, e.g. my-ontology.oms.json')
    .option('--name <name>', 'ontology name (default: from the file name)')
    .action((file: string, raw: unknown) => {
      const options = parseOptions(InitOptions, raw);
      const name = options.name ?? (basename(file).replace(/\.oms\.json$|\.json$/, '') || 'Untitled');
      createExclusive(file, canonicalJson(emptyOntology(name), { pretty: true }));
      process.stdout.write(`${color.green('created')} ${file} (${name})\nnext: add types in OMS Studio, or run \`oms validate ${file}\`\n`);
    });
};

/**
 * Write to a temp file, then hard-link it into place: link() fails if the target exists, so the
 * file appears complete or not at all and an existing file is never replaced.
 */
function createExclusive(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content, { flag: 'wx' });
    linkSync(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError('FILE_EXISTS', `${path} already exists; not overwriting it`, { path });
    if (code === 'ENOENT') throw new CliError('FILE_DIR_NOT_FOUND', `cannot create ${path}: its folder does not exist`, { path });
    throw new CliError('FILE_UNWRITABLE', `cannot create ${path}: ${errorMessage(err)}`, { path });
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // The temp file was never created.
    }
  }
}
