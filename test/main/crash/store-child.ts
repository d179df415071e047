/**
 * Child process for the store's crash and concurrency tests: a real second process on the same
 * workspace file. Modes (argv[2]):
 *   hold-lock <file>                 take SQLite's write lock, print `locked`, hold it until stdin closes
 *   apply <root> <ws> <branch> <f>   print `ready`, wait for a line on stdin, setWorking(f); print the outcome as JSON
 *   create <root> <ws>               print `ready`, wait for a line on stdin, Workspace.create; print the outcome as JSON
 *   loop <root> <seed>               run branch/tag/apply/commit/merge/revert/workspace-create forever, printing `ack <op>`
 * Never outlives its parent: a closed pipe ends it, and so does a 60 s guard.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { OmsError } from '../../../core/errors';
import { parseOntology, type Ontology } from '../../../core/model';
import { applyMerge } from '../../../main/services/merge';
import { Workspace } from '../../../main/services/store';

process.stdout.on('error', () => process.exit(1));
setTimeout(() => process.exit(3), 60_000).unref();
const [mode, ...args] = process.argv.slice(2);
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const lines = createInterface({ input: process.stdin });
const nextLine = (): Promise<void> => new Promise((resolve) => lines.once('line', () => resolve()));
lines.on('close', () => {
  if (mode !== 'loop') process.exit(0);
});

async function outcome(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
    say(JSON.stringify({ ok: true }));
  } catch (err) {
    if (!(err instanceof OmsError)) throw err;
    say(JSON.stringify({ ok: false, code: err.code }));
  }
}

/** A small, deterministic edit: the description of one object type. */
function edited(o: Ontology, n: number): Ontology {
  const next = structuredClone(o);
  const ids = Object.keys(next.objectTypes).sort();
  const id = ids[n % ids.length] as string;
  (next.objectTypes[id] as { description: string }).description = `edit ${n}`;
  return parseOntology(next);
}

async function loop(root: string, seed: number): Promise<void> {
  const ws = await Workspace.open(root, 'crash', { durability: 'full' });
  // Fresh names per run: every run restarts the loop, and earlier runs' branches are still there.
  for (let n = 2 * Math.floor(Math.random() * 1e9); ; n += 2) {
    const [b, c] = [`b${seed}-${n}`, `c${seed}-${n}`];
    await ws.createBranch(b);
    await ws.createBranch(c);
    say('ack branch');
    ws.createTag(`t${seed}-${n}`, 'main');
    say('ack tag');
    for (const [branch, k] of [[b, n], [c, n + 1]] as const) {
      await ws.setWorking(branch, edited(await ws.readWorking(branch), k));
      say('ack apply');
      await ws.commit(branch, { message: `edit ${k}`, author: 'crash' });
      say('ack commit');
    }
    // b fast-forwards main; c then needs a real merge commit.
    for (const source of [b, c]) {
      await applyMerge(ws, { source, into: 'main', acceptConflicts: true, acceptErrors: true }, { author: 'crash' });
      say('ack merge');
    }
    await ws.revert('main', ws.getBranch(c).head, { commit: { author: 'crash' } });
    say('ack revert');
    const created = await Workspace.create(root, `w${seed}-${n}`, { author: 'crash' });
    await created.close();
    say('ack workspace');
  }
}

if (mode === 'hold-lock') {
  const db = new Database(args[0] as string);
  db.exec('BEGIN IMMEDIATE');
  say('locked');
  lines.on('close', () => {
    db.exec('ROLLBACK');
    db.close();
  });
} else if (mode === 'apply') {
  const [root, name, branch, file] = args as [string, string, string, string];
  const ws = await Workspace.open(root, name, { durability: 'normal' });
  const o = parseOntology(JSON.parse(readFileSync(file, 'utf8')));
  await ws.readWorking(branch); // warm: both children then race on the write itself
  say('ready');
  await nextLine();
  await outcome(() => ws.setWorking(branch, o));
  await ws.close();
  process.exit(0);
} else if (mode === 'create') {
  const [root, name] = args as [string, string];
  say('ready');
  await nextLine();
  await outcome(async () => (await Workspace.create(root, name, { durability: 'normal' })).close());
  process.exit(0);
} else if (mode === 'loop') {
  await loop(args[0] as string, Number(args[1]));
} else {
  throw new Error(`unknown mode ${mode}`);
}
