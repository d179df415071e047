/**
 * Child process for the live-commit crash test: edits an opened branch (each edit flushed, i.e.
 * persisted) and commits now and then, printing `ack edit` / `ack commit`, until it is killed.
 *   loop <root> <ws> <seed>   edit, edit, commit, … forever
 *   edit-once <root> <ws>     commit, one edit persisted, print `persisted`, then wait to be killed
 * Never outlives its parent: a closed stdin ends it, and so does a 60 s guard.
 */
import { setField } from '../../../core/yjs';
import { Workspace } from '../../../main/services/store';
import { rng } from '../../bench/lib';

process.stdout.on('error', () => process.exit(1));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(3), 60_000).unref();
const [mode, root, name, seed] = process.argv.slice(2) as [string, string, string, string | undefined];
const say = (line: string): void => void process.stdout.write(`${line}\n`);

const ws = await Workspace.open(root, name, { durability: 'full' });
const s = await ws.openBranch('main');
const ids = Object.keys(ws.checkout('main').objectTypes).sort();
if (mode === 'edit-once') {
  await ws.commit('main', { message: 'before', author: 'child', allowEmpty: true });
  setField(s.doc, { id: ids[0] as string }, 'displayName', 'persisted, never committed');
  await s.flush();
  say('persisted');
} else if (mode === 'loop') {
  const next = rng(Number(seed));
  for (let n = 0; ; n++) {
    setField(s.doc, { id: ids[Math.floor(next() * ids.length)] as string }, 'displayName', `edit ${seed}.${n}`);
    await s.flush();
    say('ack edit');
    if (n % 3 === 2) {
      await ws.commit('main', { message: `commit ${n}`, author: 'child' });
      say('ack commit');
    }
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
