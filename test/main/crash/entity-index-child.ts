/**
 * Child for entity-index-crash.test.ts: imports (whole replacements of main's working state,
 * commits, new workspaces from a file) forever on a real store, printing `ack <op>` after each.
 * Never outlives its parent: a 60 s guard.
 */
import { Workspace } from '../../../main/services/store';
import { editTypes, scaleOntology } from '../../bench/scale-ontology';

setTimeout(() => process.exit(3), 60_000).unref();
process.stdout.on('error', () => process.exit(1));
const say = (line: string): void => void process.stdout.write(`${line}\n`);

const [root, seed] = process.argv.slice(2) as [string, string];
// As many types as entity-index-crash.test.ts expects in every working state.
const base = scaleOntology(300, 3);
const ws = await Workspace.open(root, 'big', { durability: 'full' });
for (let k = Number(seed) * 1000 + Math.floor(Math.random() * 500); ; k++) {
  await ws.setWorking('main', editTypes(base, 40, `import ${k}`, k));
  say('ack import');
  await ws.commit('main', { message: `import ${k}`, author: 'crash' });
  say('ack commit');
  if (k % 3 === 0) {
    await (await Workspace.create(root, `w${k}`, { from: editTypes(base, 5, `new ${k}`, k), durability: 'full' })).close();
    say('ack create');
  }
}
