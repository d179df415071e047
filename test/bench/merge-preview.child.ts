/**
 * One merge preview of branch y into x of an existing bench workspace, in a fresh process, so its
 * peak memory (maxRSS) is the preview's own plus the process's start-up (measured by `baseline`).
 * Usage: merge-preview.child.ts <store root> <workspace> preview|baseline. Prints one JSON line.
 * Also used by test/main/merge-proportional.test.ts to race two first previews on one store.
 */
import { previewMerge } from '../../main/services/merge';
import { Workspace } from '../../main/services/store';

const [root, name, mode] = process.argv.slice(2);
if (!root || !name) throw new Error('usage: merge-preview.child.ts <root> <workspace> preview|baseline');
const ws = await Workspace.open(root, name);
const start = performance.now();
const p = mode === 'preview' ? await previewMerge(ws, { source: 'y', into: 'x' }) : undefined;
const ms = performance.now() - start;
// The floor in the same small process: reading what changed on each side since the base.
const base = ws.mergeBase('x', 'y');
const [xs, ys] = [ws.getCommit('x').snapshot, ws.getCommit('y').snapshot];
const floors: number[] = [];
for (let i = 0; i < 5 && base; i++) {
  const t = performance.now();
  ws.snapshots.readDifference(base.snapshot, xs);
  ws.snapshots.readDifference(base.snapshot, ys);
  floors.push(performance.now() - t);
}
const floorMs = floors.sort((a, b) => a - b)[2] ?? 0;
await ws.close();
const strategy = p?.strategy;
const index = strategy?.kind === 'proportional' ? strategy.index : undefined;
process.stdout.write(`${JSON.stringify({ ms, floorMs, strategy: strategy?.kind ?? 'none', conflicts: p?.merge.conflicts.map((c) => c.id) ?? [], index, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
