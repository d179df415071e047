/**
 * `oms changes A [B] [--json]`: every change from A to B classified (COMPATIBLE … INCOMPATIBLE)
 * with its reason and the SemVer bump it implies. A and B are refs of the store, or `.json` files
 * (two files need no store at all, so CI can compare files). B defaults to the working state.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { analyzeChanges, type ChangeReport, type Compatibility } from '../../core/changes';
import type { Ontology } from '../../core/model';
import type { Workspace } from '../../main/services/store';
import { color, emit } from '../output';
import { addStoreOptions, withWorkspace } from '../store-path';
import { parseOptions } from './options';
import { readOntology } from './read-ontology';
import type { RegisterCommand } from './index';

const isFile = (ref: string | undefined): ref is string => ref !== undefined && ref.endsWith('.json') && existsSync(ref);

/** A comparison side: a `.json` file, a ref, or (undefined) the working state of `branch`. */
export async function readSide(ws: Workspace, ref: string | undefined, branch: string | undefined): Promise<Ontology> {
  const name = branch ?? ws.defaultBranch;
  if (ref === undefined) return ws.readWorking(name);
  if (isFile(ref)) return readOntology(ref);
  return ws.checkout(ref, { branch: name });
}

/** Read both sides, opening the store only when a side is not a file. */
export async function readPair(command: Command, a: string, b: string | undefined, branch: string | undefined): Promise<[Ontology, Ontology]> {
  if (isFile(a) && isFile(b)) return [readOntology(a), readOntology(b)];
  return withWorkspace(command, async (ws) => [await readSide(ws, a, branch), await readSide(ws, b, branch)]);
}

const PAINT: Record<Compatibility, (s: string) => string> = {
  INCOMPATIBLE: color.red, MIGRATION_REQUIRED: color.yellow, BACKWARD_COMPATIBLE: color.green, COMPATIBLE: color.dim,
};

export function formatChangeReport(r: ChangeReport): string {
  if (r.changes.length === 0) return 'no changes (bump: none)';
  const lines = r.changes.map((c) => `${PAINT[c.compatibility](c.compatibility.padEnd(19))} ${c.reason.padEnd(29)} ${c.message}`);
  lines.push(`bump: ${color.bold(r.bump)} (${r.counts.INCOMPATIBLE} incompatible, ${r.counts.MIGRATION_REQUIRED} migration required, ${r.counts.BACKWARD_COMPATIBLE} backward compatible, ${r.counts.COMPATIBLE} compatible)`);
  return lines.join('\n');
}

const ChangesOptions = z.strictObject({ branch: z.string().min(1).optional(), json: z.boolean().optional() });

export const registerChanges: RegisterCommand = (program) => {
  addStoreOptions(program);
  program
    .command('changes')
    .description('classify the changes A → B (compatibility, reason) and the SemVer bump they imply')
    .argument('<a>', 'ref (branch, tag, commit, HEAD~N) or .json file')
    .argument('[b]', 'ref or .json file (default: the working state of --branch)')
    .option('--branch <name>', 'branch whose working state / HEAD is meant (default: the default branch)')
    .option('--json', 'print the change report as JSON')
    .action(async (a: string, b: string | undefined, raw: unknown, command: Command) => {
      const o = parseOptions(ChangesOptions, raw);
      const [before, after] = await readPair(command, a, b, o.branch);
      const report = analyzeChanges(before, after);
      emit(o, report, () => formatChangeReport(report));
    });
};
