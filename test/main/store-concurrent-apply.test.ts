/**
 * Two `apply`s (whole-state replacements) to one branch from two real processes at once: the
 * result is exactly one of the two files — never a Yjs blend of both — and a loser is refused with
 * the retryable STATE_CHANGED. Both for a branch without a live doc and for one with a doc.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import { Workspace } from '../../main/services/store';
import { airline } from '../support/workspace-fixture';
import { spawnStoreChild } from './crash/spawn-child';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

/** The airline example with every object type's description rewritten by `who`: two such files overlap everywhere. */
function variant(who: string): Ontology {
  const o = structuredClone(airline());
  for (const t of Object.values(o.objectTypes)) (t as { description: string }).description = `${who} ${t.apiName}`;
  return parseOntology(o);
}

describe('concurrent whole-state replacements', () => {
  it.each([['without a live doc', false], ['with a live doc', true]])('leave exactly one file as the working state (%s)', async (_label, live) => {
    const root = mkdtempSync(join(tmpdir(), 'oms-apply-race-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const ws = await Workspace.create(root, 'demo', { from: airline(), durability: 'normal' });
    if (live) await (await ws.openBranch('main')).close();
    await ws.close();
    const files = ['alice', 'bob'].map((who) => {
      const f = join(root, `${who}.json`);
      writeFileSync(f, canonicalJson(variant(who)));
      return f;
    });
    const kids = files.map((f) => spawnStoreChild(['apply', root, 'demo', 'main', f], (kill) => cleanups.push(kill)));
    await Promise.all(kids.map((k) => k.line(/^ready$/)));
    kids.forEach((k) => k.p.stdin.write('go\n'));
    const results = (await Promise.all(kids.map((k) => k.line(/^\{/)))).map((l) => JSON.parse(l) as { ok: boolean; code?: string });
    expect(results.some((r) => r.ok), JSON.stringify(results)).toBe(true);
    for (const r of results) if (!r.ok) expect(r.code).toBe('STATE_CHANGED');
    const after = await Workspace.open(root, 'demo');
    try {
      const working = canonicalJson(await after.readWorking('main'));
      const winners = ['alice', 'bob'].filter((who, i) => results[i]?.ok && working === canonicalJson(variant(who)));
      // Both may succeed one after the other (serialised); then the later one is the state. Never neither.
      expect(winners.length, 'the working state equals neither file: the two replacements were blended').toBeGreaterThanOrEqual(1);
    } finally {
      await after.close();
    }
  }, 60_000);
});
