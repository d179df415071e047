#!/usr/bin/env node
import './node-version.js';
import { register } from 'tsx/esm/api';

register();
await import('../sync-server/cli.ts');
