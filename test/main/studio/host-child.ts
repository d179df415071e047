/**
 * A web host in its own process (for kill -9 tests): prints `{"port":…,"secret":…}` once listening.
 * argv: storeDir, examplesDir, workerEntry (the test runs this file bundled, so paths come from it).
 */
import { pathToFileURL } from 'node:url';
import { startWebHost } from '../../../main/web';

const [storeDir, examplesDir, workerEntry] = process.argv.slice(2);
if (!storeDir || !examplesDir || !workerEntry) throw new Error('usage: host-child <storeDir> <examplesDir> <workerEntry>');
const host = await startWebHost({ storeDir, rendererDir: storeDir, examplesDir, backend: { workspace: { durability: 'full' }, workerEntry: pathToFileURL(workerEntry) } });
process.stdout.write(`${JSON.stringify({ port: host.port, secret: host.secret })}\n`);
