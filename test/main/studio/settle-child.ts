/**
 * A studio backend in its own process for the kill -9 test of close-settle: opens `big`/main as a
 * window would, makes `edits` edits, flushes them (prints `flushed <seq>`), closes the window so the
 * store worker starts compacting and caching (prints `closed`), then idles until killed.
 * argv: storeDir, edits, workerEntry (the test runs this file bundled, so paths come from it).
 */
import { pathToFileURL } from 'node:url';
import { setMeta, ORIGIN } from '../../../core/yjs';
import { StudioBackend } from '../../../main/services/studio';

const [storeDir, count, workerEntry] = process.argv.slice(2);
if (!storeDir || !count || !workerEntry) throw new Error('usage: settle-child <storeDir> <edits> <workerEntry>');
const client = { id: 'child-window', emit: () => undefined };
const b = new StudioBackend({ storeDir, platform: 'web', workerEntry: pathToFileURL(workerEntry), validateDelayMs: 600_000, workspace: { durability: 'full', compactThreshold: 2 } });
const ws = await b.workspaces.get('big');
const opened = await b.docs.open(client, ws, 'main');
let part = opened.part;
while (!part.done) part = await b.docs.read(client, opened.session);
const s = await ws.openBranch('main');
for (let i = 0; i < Number(count); i++) setMeta(s.doc, `k${i}`, String(i), ORIGIN.local);
await s.flush();
process.stdout.write(`flushed ${s.seq}\n`);
await b.docs.close(client, opened.session);
process.stdout.write('closed\n');
setInterval(() => undefined, 60_000);
