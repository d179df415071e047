// Worker entry when running from source (web host, tests): TypeScript through tsx, like bin/oms.js.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
