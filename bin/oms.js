#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so no build step stands between a clone and `oms`.
import './node-version.js';
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
