/**
 * One full-ontology operation, as the CLI runs it, in a fresh process, so its time and peak memory
 * (maxRSS) are its own and not the bench process's cumulative maximum.
 * Usage: store-scale.child.ts <op> <file> [<store root> <workspace>]; prints one JSON line
 * { op, wallMs, cpuMs, maxRssMb }. Ops:
 * - baseline: loads the same modules and does nothing (start-up memory);
 * - parse: JSON.parse of the file's text, held (the peak any in-memory reader pays);
 * - floor: JSON.parse + JSON.stringify of the text (the time reference of the full-ontology rows);
 * - create: `oms workspace create --from <file>` (read and prepare the file element by element, store the first commit, as the CLI does);
 * - apply: `oms apply <file>` onto branch b1 (created before the clock starts);
 * - stats: `oms stats <file>` (read element by element, as the CLI does); validate: `oms validate <file>` (findings only, no printing);
 * - export: branch b1's head commit as canonical JSON to <file>, as `oms checkout -o` writes it (from the
 *   stored rows, in pieces: Workspace.writeCheckout; compact here, as the in-process export row and the floor are).
 */
import { readFileSync } from 'node:fs';
import { ontologyStatsFromText } from '../../cli/commands/stats';
import { readOntologyFile, readOntologyFileWith, writeFileAtomic } from '../../cli/files';
import { validate } from '../../core/validate';
import { prepareOntologyText, Workspace } from '../../main/services/store';

const [op, file, root, name] = process.argv.slice(2);
if (!op || !file) throw new Error('usage: store-scale.child.ts <op> <file> [<store root> <workspace>]');
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const needStore = (): [string, string] => {
  if (!root || !name) throw new Error(`${op} needs <store root> <workspace>`);
  return [root, name];
};

/** Runs before the clock starts; returns the timed step. */
async function prepare(): Promise<() => unknown> {
  switch (op) {
    case 'baseline':
      return () => undefined;
    case 'parse':
      return () => JSON.parse(readFileSync(file as string, 'utf8')) as unknown;
    case 'floor': {
      const text = readFileSync(file as string, 'utf8');
      return () => JSON.stringify(JSON.parse(text));
    }
    case 'create': {
      const [r, n] = needStore();
      return async () => (await Workspace.create(r, n, { prepared: readOntologyFileWith(file as string, prepareOntologyText) })).close();
    }
    case 'apply': {
      const ws = await Workspace.open(...needStore());
      if (!ws.findBranch('b1')) await ws.createBranch('b1');
      return async () => {
        const diff = await ws.setWorking('b1', readOntologyFile(file as string), undefined, { parsed: true });
        await ws.close();
        return diff;
      };
    }
    case 'stats':
      return () => readOntologyFileWith(file as string, ontologyStatsFromText);
    case 'validate':
      return () => validate(readOntologyFile(file as string));
    case 'export': {
      const ws = await Workspace.open(...needStore());
      return async () => {
        writeFileAtomic(file as string, (write) => ws.writeCheckout('b1', write));
        await ws.close();
      };
    }
    default:
      throw new Error(`unknown op ${op}`);
  }
}

const step = await prepare();
const wall0 = performance.now();
const cpu0 = cpu();
const result = await step();
const wallMs = performance.now() - wall0;
const cpuMs = cpu() - cpu0;
// Read after the clock, so a held result (parse) is still alive when the peak is taken.
const maxRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ op, wallMs, cpuMs, maxRssMb, held: result === undefined ? 0 : 1 })}\n`);
