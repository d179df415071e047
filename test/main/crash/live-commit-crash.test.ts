/**
 * kill -9 of a process editing a live branch, between an edit being persisted and its commit, and
 * at random points of an edit/commit loop (live-commit-child.ts). On reopen the change record no
 * longer matches the doc's seq, so the first commit reads the whole state once and must equal it;
 * the commit after that patches again. OMS_CRASH_ITERATIONS raises the random kills (default 2).
 */
import { join } from 'node:path';
import type * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../core/model';
import { docToOntology, setField } from '../../../core/yjs';
import { Workspace } from '../../../main/services/store';
import { prepareSnapshot } from '../../../main/services/store/snapshots';
import { rng } from '../../bench/lib';
import { useTempWorkspace } from '../../support/workspace-fixture';
import { runAndKill } from './spawn-child';

const CHILD = join(import.meta.dirname, 'live-commit-child.ts');
const KILLS = Math.max(1, Number(process.env.OMS_CRASH_ITERATIONS ?? 2));
const children: Array<() => void> = [];
afterEach(() => children.splice(0).forEach((k) => k()));

const wholeHash = (doc: Y.Doc): string => prepareSnapshot(docToOntology(doc)).hash;

describe('live commit after kill -9', () => {
  const fx = useTempWorkspace('oms-live-crash-');

  /** Reopen, commit what is there, check it is exactly the doc, then check the next commit patches. */
  async function commitAfterCrash(): Promise<string> {
    await fx.ws.close();
    fx.ws = await Workspace.open(fx.root, 'demo', { durability: 'normal' });
    const s = await fx.ws.openBranch('main');
    const out = await fx.ws.commit('main', { message: 'after the crash', author: 'ada', allowEmpty: true });
    expect(out.commit.snapshot).toBe(wholeHash(s.doc));
    expect(canonicalJson(fx.ws.checkout(out.commit.id))).toBe(canonicalJson(docToOntology(s.doc)));
    setField(s.doc, { id: 'ot-flight' }, 'displayName', `after ${out.commit.id.slice(0, 6)}`);
    const next = await fx.ws.commit('main', { message: 'patched', author: 'ada' });
    expect(next.snapshotFrom).toBe('changed-entities');
    expect(next.commit.snapshot).toBe(wholeHash(s.doc));
    await fx.ws.close();
    fx.ws = await Workspace.open(fx.root, 'demo', { durability: 'normal' });
    return out.snapshotFrom;
  }

  it('an edit persisted but never committed: the stale record is not trusted, the whole state is read once', async () => {
    await fx.ws.close();
    await runAndKill(CHILD, ['edit-once', fx.root, 'demo'], /^persisted$/, 1, 0, (k) => children.push(k));
    fx.ws = await Workspace.open(fx.root, 'demo', { durability: 'normal' });
    expect(await commitAfterCrash()).toBe('whole-state');
    expect(Object.values(fx.ws.checkout('main~1').objectTypes).some((t) => t.displayName === 'persisted, never committed')).toBe(true);
  }, 60_000);

  it('kills at random points of an edit/commit loop never yield a commit that differs from the doc', async () => {
    const next = rng(5);
    for (let i = 0; i < KILLS; i++) {
      await fx.ws.close();
      await runAndKill(CHILD, ['loop', fx.root, 'demo', String(i + 1)], /^ack /, 1 + Math.floor(next() * 8), Math.floor(next() * 4), (k) => children.push(k));
      fx.ws = await Workspace.open(fx.root, 'demo', { durability: 'normal' });
      await commitAfterCrash();
    }
  }, 120_000);
});
