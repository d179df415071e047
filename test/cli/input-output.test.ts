/**
 * Files in, files out, as a hostile user would try them: duplicate keys, a BOM, control characters,
 * a file over the size limit, `-o` into a missing folder or onto a directory, imports that yield
 * nothing or would overwrite uncommitted work. Each is a typed one-line error and leaves no file or
 * temp file behind.
 */
import { mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findDuplicateKey, parseJsonStrict } from '../../core/model/strict-json';
import { AIRLINE, expectOneLineError, oms, omsWithEnv, readExample, removeTempDirs, tempDir } from './run-oms';

afterAll(removeTempDirs);

/** The airline example with its first object type defined a second time under the same id, as an editor merge might leave it. */
function withDuplicateType(): { text: string; id: string } {
  const text = readExample();
  const id = Object.keys((JSON.parse(text) as { objectTypes: Record<string, unknown> }).objectTypes)[0] as string;
  const marker = `"objectTypes": {`;
  const at = text.indexOf(marker) + marker.length;
  return { text: `${text.slice(0, at)}\n    "${id}": {"apiName": "Lost"},${text.slice(at)}`, id };
}

describe('strict JSON', () => {
  it('names the duplicate key, its position and object; equal keys spelled with escapes count', () => {
    expect(findDuplicateKey('{"a": 1, "b": {"x": [1, {"y": 1, "y": 2}]}}')).toEqual({ key: 'y', line: 1, column: 34, path: '/b/x/[]' });
    expect(findDuplicateKey('{\n  "a": 1,\n  "\\u0061": 2\n}')).toMatchObject({ key: 'a', line: 3, column: 3 });
    expect(() => parseJsonStrict('{"k": {"a": "\\"a\\":", "a": 2}}')).toThrow(/duplicate key "a" at line 1, column 23 \(in \/k\)/);
    expect(parseJsonStrict('\uFEFF{"a": "\\"b\\": 1", "b": 2}')).toEqual({ a: '"b": 1', b: 2 });
    expect(() => parseJsonStrict('{"a": ')).toThrow(SyntaxError);
  });

  it('refuses a __proto__ key, however it is spelled, and reads "__proto__" as a value', () => {
    expect(() => parseJsonStrict('{"a": {\n  "__proto__": {"x": 1}}}')).toThrow(expect.objectContaining({ code: 'JSON_RESERVED_KEY', details: { key: '__proto__', line: 2, column: 3 } }));
    expect(() => parseJsonStrict('{"\\u005f_proto__": 1}')).toThrow(expect.objectContaining({ code: 'JSON_RESERVED_KEY' }));
    expect(parseJsonStrict('{"a": "__proto__", "__proto": 1, "b": ["__proto__"]}')).toEqual({ a: '__proto__', __proto: 1, b: ['__proto__'] });
  });
});

describe('oms reads files strictly', () => {
  it('fmt and validate refuse duplicate keys instead of dropping the first definition', async () => {
    const dir = tempDir();
    const file = join(dir, 'dup.oms.json');
    const { text, id } = withDuplicateType();
    writeFileSync(file, text);
    for (const args of [['fmt', file], ['validate', file], ['stats', file], ['import', file, '-o', join(dir, 'out.oms.json')]]) {
      const run = await oms(...args);
      expect(run.code, args[0]).toBe(65);
      expectOneLineError(run, 'JSON_DUPLICATE_KEY');
      expect(run.stderr).toContain(`duplicate key "${id}" at line`);
    }
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readdirSync(dir)).toEqual(['dup.oms.json']);
  });

  it('an element keyed __proto__ is refused with JSON_RESERVED_KEY, not dropped; the file is left as it was', async () => {
    const dir = tempDir();
    const file = join(dir, 'proto.oms.json');
    const text = readExample().replace('"objectTypes": {', '"objectTypes": {\n    "__proto__": {"apiName": "Proto", "properties": {}},');
    expect(text).toContain('"__proto__"');
    writeFileSync(file, text);
    for (const args of [['fmt', file], ['validate', file], ['stats', file]]) {
      const run = await oms(...args);
      expect(run.code, args[0]).toBe(65);
      expectOneLineError(run, 'JSON_RESERVED_KEY');
    }
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('accepts a UTF-8 BOM in JSON and Turtle, and fmt removes it', async () => {
    const dir = tempDir();
    const json = join(dir, 'bom.oms.json');
    writeFileSync(json, `\uFEFF${readExample()}`);
    expect((await oms('validate', json)).code).toBe(0);
    expect((await oms('fmt', '--check', json)).code).toBe(1);
    expect((await oms('fmt', json)).code).toBe(0);
    expect(readFileSync(json, 'utf8')).toBe(readExample());
    const ttl = join(dir, 'bom.ttl');
    writeFileSync(ttl, '\uFEFF@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://x.test/Ship> a owl:Class .\n');
    const imp = await oms('import', ttl, '-o', join(dir, 'ship.oms.json'));
    expect(imp.stderr).toBe('');
    expect(imp.stdout).toMatch(/1 object types/);
  });

  it('never lets control characters from a file reach the terminal raw', async () => {
    const dir = tempDir();
    const evil = join(dir, 'evil.json');
    writeFileSync(evil, '\u001b]0;pwned\u0007\u001b[2J{"format": ');
    const run = await oms('validate', evil);
    expectOneLineError(run, 'FILE_NOT_JSON');
    expect([...run.stderr].filter((ch) => ch !== '\n' && (ch < ' ' || (ch >= '\u007f' && ch <= '\u009f')))).toEqual([]);
    expect(run.stderr).toContain('\\u001b');
    const named = join(dir, 'named.oms.json');
    writeFileSync(named, JSON.stringify({ ...(JSON.parse(readExample()) as object), name: 'Air\u001b[2J\r\u202eline' }));
    const stats = await oms('stats', named);
    expect(stats.code).toBe(0);
    expect(stats.stdout.split('\n')[0]).toBe('Air\\u001b[2J\\u000d\\u202eline');
    // Machine output keeps the value: the escape is JSON's own.
    expect((JSON.parse((await oms('stats', named, '--json')).stdout) as { name: string }).name).toBe('Air\u001b[2J\r\u202eline');
  });

  it('refuses a file over the size limit with FILE_TOO_LARGE, before reading it', async () => {
    const dir = tempDir();
    const big = join(dir, 'big.oms.json');
    writeFileSync(big, '');
    truncateSync(big, 600 * 1024 * 1024); // sparse: no disk used, over V8's longest string
    const run = await oms('validate', big);
    expect(run.code).toBe(65);
    expectOneLineError(run, 'FILE_TOO_LARGE');
    expect(run.stderr).toMatch(/is 600 MiB; oms reads input files up to \d+ MiB/);
    const small = join(dir, 'small.oms.json');
    writeFileSync(small, readExample());
    const limited = await omsWithEnv({ OMS_MAX_INPUT_MB: '0.01' }, 'import', small);
    expectOneLineError(limited, 'FILE_TOO_LARGE');
  });
});

describe('oms writes files atomically, or not at all', () => {
  it('-o into a missing folder or onto a directory is a typed error before any work, leaving nothing behind', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'adir'));
    const cases: Array<[string[], string]> = [
      [['export', 'graphql', AIRLINE, '-o', join(dir, 'no', 'such', 'x.graphql')], 'FILE_DIR_NOT_FOUND'],
      [['export', 'turtle', AIRLINE, '-o', join(dir, 'adir')], 'FILE_OUTPUT_IS_DIRECTORY'],
      [['import', AIRLINE, '-o', join(dir, 'no', 'x.oms.json')], 'FILE_DIR_NOT_FOUND'],
      [['import', AIRLINE, '-o', join(dir, 'adir')], 'FILE_OUTPUT_IS_DIRECTORY'],
    ];
    for (const [args, code] of cases) {
      const run = await oms(...args);
      expect(run.code, args.join(' ')).toBe(73);
      expectOneLineError(run, code);
    }
    const json = await oms('import', AIRLINE, '-o', join(dir, 'adir'), '--json');
    expect((JSON.parse(json.stdout) as { error: { code: string } }).error.code).toBe('FILE_OUTPUT_IS_DIRECTORY');
    expect(readdirSync(dir)).toEqual(['adir']);
    expect(readdirSync(join(dir, 'adir'))).toEqual([]);
  });
});

describe('imports never destroy work', () => {
  it('refuses an import that yields nothing (empty, or cut at a statement boundary) unless --allow-empty', async () => {
    const dir = tempDir();
    const empty = join(dir, 'empty.ttl');
    writeFileSync(empty, '');
    const truncated = join(dir, 'truncated.ttl');
    writeFileSync(truncated, '@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n');
    for (const file of [empty, truncated]) {
      const out = join(dir, 'out.oms.json');
      const run = await oms('import', file, '-o', out);
      expect(run.code).toBe(65);
      expectOneLineError(run, 'IMPORT_EMPTY');
      expect(readdirSync(dir)).not.toContain('out.oms.json');
    }
    expect((await oms('import', empty, '--allow-empty', '-o', join(dir, 'out.oms.json'))).code).toBe(0);
  });

  it('import --branch refuses a branch with uncommitted changes (and then writes no -o file); --force replaces them', async () => {
    const dir = tempDir();
    const store = join(dir, 'store');
    const run = (...args: string[]) => oms('--store', store, ...args);
    expect((await run('workspace', 'create', 'acme', '--from', AIRLINE)).code).toBe(0);
    const edited = join(dir, 'edited.oms.json');
    writeFileSync(edited, JSON.stringify({ ...(JSON.parse(readExample()) as object), name: 'Edited' }));
    expect((await run('apply', edited)).code).toBe(0);
    const ttl = join(dir, 'ship.ttl');
    writeFileSync(ttl, '@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://x.test/Ship> a owl:Class .\n');
    const out = join(dir, 'ship.oms.json');
    const refused = await run('import', ttl, '--branch', 'main', '-o', out);
    expect(refused.code).toBe(75);
    expectOneLineError(refused, 'IMPORT_TARGET_DIRTY');
    expect(refused.stderr).toContain('workspace acme');
    expect(readdirSync(dir).sort()).toEqual(['edited.oms.json', 'ship.ttl', 'store']);
    expect((JSON.parse((await run('cat')).stdout) as { name: string }).name).toBe('Edited');
    const forced = await run('import', ttl, '--branch', 'main', '-o', out, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('branch main of workspace acme');
    expect(readdirSync(dir)).toContain('ship.oms.json');
  });
});
