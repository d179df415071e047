/**
 * The layer rules of DESIGN.md §1 live in eslint.config.js; this proves they bite, through ESLint's
 * own Node API on in-memory sources placed (virtually) in each layer.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  if (!result) throw new Error('ESLint returned no result');
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`fixture did not parse: ${fatal[0]?.message}`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries (eslint.config.js)', () => {
  it.each([
    ['core/ importing node:fs', 'core/model/lint-fixture.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n"],
    ['core/ importing fs', 'core/validate/lint-fixture.ts', "import fs from 'fs';\nexport const files = fs;\n"],
    ['core/ re-exporting node:path', 'core/lint-fixture.ts', "export { join } from 'node:path';\n"],
    ['core/ importing electron', 'core/yjs/lint-fixture.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['core/ importing a package off its allow-list', 'core/lint-fixture.ts', "import pino from 'pino';\nexport const log = pino;\n"],
    ['core/ importing main/', 'core/lint-fixture.ts', "import { x } from '../main/services/store';\nexport const y = x;\n"],
    ['renderer/ importing main/', 'renderer/src/lint-fixture.ts', "import { openStore } from '../../main/services/store';\nexport const s = openStore;\n"],
    ['renderer/ importing node:fs', 'renderer/src/lint-fixture.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ['main/services/ importing electron', 'main/services/lint-fixture.ts', "import { app } from 'electron';\nexport const a = app;\n"],
  ])('rejects %s', async (_name, file, code) => {
    expect(await boundaryErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ['core/ importing yjs, zod and lib0 subpaths', 'core/lint-fixture.ts',
      "import * as Y from 'yjs';\nimport { z } from 'zod';\nimport { toBase64 } from 'lib0/buffer';\nimport * as sync from 'y-protocols/sync';\nimport { ModelError } from './errors';\nexport const all = [Y, z, toBase64, sync, ModelError];\n"],
    ['main/electron/ importing electron', 'main/electron/lint-fixture.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['main/services/ importing node:fs and core/', 'main/services/lint-fixture.ts', "import { readFileSync } from 'node:fs';\nimport { parseOntology } from '../../core/model';\nexport const x = [readFileSync, parseOntology];\n"],
  ])('accepts %s', async (_name, file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
