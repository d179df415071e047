import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('studio smoke', () => {
  it('lists, opens an example, opens a doc', async () => {
    h = await startHarness();
    const { studio } = await h.connect();
    expect((await studio.call('app.info', {})).firstRun).toBe(true);
    const ex = await studio.call('examples.list', {});
    expect(ex.examples.map((e) => e.id)).toContain('airline');
    const info = await studio.call('examples.open', { id: 'airline' });
    expect(info.defaultBranch).toBe('main');
    const doc = await studio.call('doc.open', { workspace: 'airline', branch: 'main' });
    expect(doc.state.length).toBeGreaterThan(100);
    await studio.call('doc.close', { session: doc.session });
  });
});
