/** A web host in its own process (for kill -9 tests): prints `{"port":…,"secret":…}` once listening. */
import { startWebHost } from '../../../main/web';

const storeDir = process.argv[2];
if (!storeDir) throw new Error('usage: host-child.ts <storeDir>');
const host = await startWebHost({ storeDir, rendererDir: storeDir, backend: { workspace: { durability: 'full' } } });
process.stdout.write(`${JSON.stringify({ port: host.port, secret: host.secret })}\n`);
