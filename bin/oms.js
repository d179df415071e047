#!/usr/bin/env node
// Runs the bundled CLI (out/bin/oms.mjs); OMS_FROM_SOURCE=1 runs cli/main.ts through tsx.
import './node-version.js';
import { runBuilt } from './run-built.js';

await runBuilt('oms.mjs', 'cli/main.ts');
