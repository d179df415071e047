/** The history commands through the real `oms` binary over a real store directory. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AIRLINE, expectOneLineError, oms, readExample, removeTempDirs, tempDir } from '../cli/run-oms';

afterAll(removeTempDirs);

describe('oms history commands', () => {
  it('create → apply → commit → log → show → diff → checkout → revert, and refusals', async () => {
    const store = tempDir();
    const s = ['--store', store];
    const created = await oms('workspace', 'create', 'default', '--from', AIRLINE, '--author', 'ada', ...s);
    expect(created.code, created.stderr).toBe(0);
    const o = JSON.parse(readExample()) as { objectTypes: Record<string, { displayName: string; primaryKey?: string }> };
    const id = Object.keys(o.objectTypes).sort()[0] as string;
    (o.objectTypes[id] as { displayName: string }).displayName = 'Plane';
    const edited = join(tempDir(), 'edited.oms.json');
    writeFileSync(edited, JSON.stringify(o));

    expect((await oms('apply', edited, ...s)).code).toBe(0);
    const wd = await oms('diff', 'HEAD', '--json', ...s);
    expect((JSON.parse(wd.stdout) as { summary: { changed: number } }).summary.changed).toBe(1);
    const commit = await oms('commit', '-m', 'rename Aircraft', '--author', 'ada', '--json', ...s);
    expect(commit.code, commit.stderr).toBe(0);
    const c1 = (JSON.parse(commit.stdout) as { commit: { id: string } }).commit.id;

    const log = await oms('log', '--json', '--limit', '1', ...s);
    expect((JSON.parse(log.stdout) as { commits: Array<{ id: string; message: string }> }).commits.map((c) => c.message)).toEqual(['rename Aircraft']);
    const show = await oms('show', c1.slice(0, 10), ...s);
    expect(show.stdout).toContain('displayName: "Aircraft" → "Plane"');
    const diff = await oms('diff', 'HEAD~1', 'HEAD', ...s);
    expect(diff.stdout).toContain('1 changed');

    const old = join(tempDir(), 'old.json');
    expect((await oms('checkout', 'HEAD~1', '-o', old, ...s)).code).toBe(0);
    expect(readFileSync(old, 'utf8')).toBe((await oms('cat', 'HEAD~1', ...s)).stdout);

    const branch = await oms('branch', 'create', 'feature', '--from', 'HEAD~1', ...s);
    expect(branch.code, branch.stderr).toBe(0);
    expect((await oms('branch', 'list', ...s)).stdout).toMatch(/feature[\s\S]*main/);

    const revert = await oms('revert', 'HEAD', '--author', 'ada', ...s);
    expect(revert.code, revert.stderr).toBe(0);
    expect((await oms('diff', 'HEAD~2', 'HEAD', ...s)).stdout).toContain('no changes');

    // A BLOCKing working state is refused with its diagnostics and exit code 2.
    delete (o.objectTypes[id] as { primaryKey?: string }).primaryKey;
    writeFileSync(edited, JSON.stringify(o));
    expect((await oms('apply', edited, ...s)).code).toBe(0);
    const blocked = await oms('commit', '-m', 'broken', ...s);
    expect(blocked.code).toBe(2);
    expect(blocked.stdout).toContain('MISSING_PRIMARY_KEY');

    const missing = await oms('show', 'no-such-ref', ...s);
    expect(missing.code).toBe(66);
    expectOneLineError(missing, 'REF_NOT_FOUND');
  });

  it('refuses a foreign file in the store with a typed error and leaves it unchanged', async () => {
    const store = tempDir();
    expect((await oms('workspace', 'create', 'w1', '--store', store)).code).toBe(0);
    const file = join(store, 'workspaces', 'w1.oms.sqlite');
    writeFileSync(file, 'not a database at all');
    const r = await oms('log', '--store', store);
    expectOneLineError(r, 'STORE_NOT_OMS');
    expect(readFileSync(file, 'utf8')).toBe('not a database at all');
  });
});
