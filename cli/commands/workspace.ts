/** `oms workspace create <name> [--from file] [--author]` and `oms workspace list [--json]`. */
import { z } from 'zod';
import { prepareOntologyText, Workspace } from '../../main/services/store';
import { readOntologyFileWith } from '../files';
import { color, emit } from '../output';
import { addStoreOptions, defaultAuthor, shortId, storeRoot } from '../store-path';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const CreateOptions = z.strictObject({ from: z.string().min(1).optional(), author: z.string().min(1).optional(), json: z.boolean().optional() });
const ListOptions = z.strictObject({ json: z.boolean().optional() });

export const registerWorkspace: RegisterCommand = (program) => {
  addStoreOptions(program);
  const ws = program.command('workspace').description('create and list workspaces in the store (one SQLite file each)');
  ws.command('create')
    .description('create a workspace with a `main` branch, empty or holding an ontology file')
    .argument('<name>', 'workspace name (A-Z a-z 0-9 _ . -)')
    .option('--from <file>', 'initial content: an oms/1 ontology file')
    .option('--author <name>', 'author of the initial commit (default $OMS_AUTHOR or the user name)')
    .option('--json', 'print as JSON')
    .action(async (name: string, raw: unknown, command) => {
      const o = parseOptions(CreateOptions, raw);
      // Read element by element: the file is never held parsed whole next to its rows.
      const prepared = o.from ? readOntologyFileWith(o.from, prepareOntologyText) : undefined;
      const created = await Workspace.create(storeRoot(command), name, { author: o.author ?? defaultAuthor(), ...(prepared ? { prepared } : {}) });
      try {
        const head = created.getBranch('main').head;
        emit(o, { workspace: name, file: created.file, branch: 'main', head }, () => `created workspace ${color.bold(name)} (${created.file}), main at ${shortId(head)}`);
      } finally {
        await created.close();
      }
    });
  ws.command('list')
    .description('list the workspaces in the store')
    .option('--json', 'print as JSON')
    .action((raw: unknown, command) => {
      const o = parseOptions(ListOptions, raw);
      const root = storeRoot(command);
      const all = Workspace.list(root);
      emit(o, { store: root, workspaces: all }, () => (all.length ? all.map((w) => `${w.name}\t${(w.bytes / 1024).toFixed(0)} KiB\t${w.file}`).join('\n') : `no workspaces in ${root}`));
    });
};
