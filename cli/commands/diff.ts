/**
 * `oms diff A [B] [--json]`: semantic diff between two refs, or a ref and the working state (no B).
 * A side may also be an ontology file path (ends in .json), so the store can be compared with files.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { diffOntologies, formatDiff } from '../../core/diff';
import type { Ontology } from '../../core/model';
import { WORKING, type DiffSide, type Workspace } from '../../main/services/store';
import { readOntologyFile } from '../files';
import { color, emit } from '../output';
import { addStoreOptions, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import type { RegisterCommand } from './index';

const DiffOptions = z.strictObject({ branch: z.string().min(1).optional(), json: z.boolean().optional() });

const paint = (op: 'added' | 'removed' | 'changed', text: string) => (op === 'added' ? color.green(text) : op === 'removed' ? color.red(text) : color.yellow(text));

async function side(ws: Workspace, ref: string | undefined, branch: string): Promise<Ontology> {
  if (ref === undefined) return ws.readWorking(branch);
  if (ref.endsWith('.json') && existsSync(ref)) return readOntologyFile(ref);
  return ws.checkout(ref, { branch });
}

export const registerDiff: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('diff')
    .description('semantic diff: A → B, or A → working state when B is omitted')
    .argument('<a>', 'ref (branch, tag, commit id prefix, HEAD, ref~N) or .json file')
    .argument('[b]', 'ref or .json file (default: the working state of --branch)')
    .option('--branch <name>', 'branch whose working state / HEAD is meant (default: the default branch)')
    .option('--json', 'print the oms-diff/1 JSON')
    .action((a: string, b: string | undefined, raw: unknown, command) =>
      withWorkspace(command, async (ws) => {
        const o = parseOptions(DiffOptions, raw);
        const branch = o.branch ?? ws.defaultBranch;
        const isFile = (ref: string | undefined): boolean => ref !== undefined && ref.endsWith('.json') && existsSync(ref);
        const storeSide = (ref: string | undefined): DiffSide => ref ?? WORKING;
        // Two store sides: the store compares snapshots bucket by bucket and reads only what differs.
        const d = isFile(a) || isFile(b)
          ? diffOntologies(await side(ws, a, branch), await side(ws, b, branch))
          : await ws.diff(storeSide(a), storeSide(b), { branch });
        emit(o, d, () => formatDiff(d, { paint }));
      }, { readOnly: true }));
};
