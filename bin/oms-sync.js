#!/usr/bin/env node
// Runs the bundled sync server (out/bin/oms-sync.mjs); OMS_FROM_SOURCE=1 runs sync-server/cli.ts through tsx.
import './node-version.js';
import { runBuilt } from './run-built.js';

await runBuilt('oms-sync.mjs', 'sync-server/cli.ts');
