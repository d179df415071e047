/**
 * COLD-LOAD: open a workspace file and get the working state of a 10k-type ontology with 100k
 * edits of history, vs JSON.parse of its canonical JSON (the floor, string already in memory).
 * Setup goes through the real path: Workspace.create, a BranchSession taking 100k field edits
 * (persisted in batches), session close (compaction + canonical JSON cache keyed by doc seq).
 * Rows: (1) cache hit: Workspace.open + readWorking; (2) the editor's path: Workspace.open +
 * openBranch (snapshot → Y.Doc) + docToOntology, no cache; (3) open alone (incl. quick_check).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../../core/model';
import { docToOntology, setField } from '../../core/yjs';
import { Workspace } from '../../main/services/store/workspace';
import { randomOntology } from '../support/random-ontology';
import { fmtMs, p50, rng, sample, type Benchmark, type BenchRow } from './lib';

const TYPES = 10_000;
const EDITS = 100_000;

const bench: Benchmark = {
  name: 'COLD-LOAD',
  description: `working state of a ${TYPES / 1000}k-type ontology with ${EDITS / 1000}k edits of history vs JSON.parse of its canonical JSON`,
  async run() {
    const root = mkdtempSync(join(tmpdir(), 'oms-bench-cold-'));
    const rows: BenchRow[] = [];
    try {
      const o = randomOntology(1, { objectTypes: TYPES, propertiesPerType: 2, linkTypes: 0, descriptionRate: 0.2 });
      const setupStart = performance.now();
      let ws = await Workspace.create(root, 'big', { from: o, durability: 'normal' });
      const session = await ws.openBranch('main');
      const ids = Object.keys(o.objectTypes);
      const rand = rng(7);
      for (let i = 0; i < EDITS; i++) {
        setField(session.doc, { id: ids[Math.floor(rand() * ids.length)] as string }, 'displayName', `Name ${i}`);
        if (i % 5000 === 4999) await session.flush();
      }
      await session.close();
      const final = await ws.readWorking('main');
      await ws.close();
      const json = canonicalJson(final);
      const setupMs = performance.now() - setupStart;

      const floor = p50(await sample(7, () => JSON.parse(json)));
      const cached = p50(await sample(7, async () => {
        const w = await Workspace.open(root, 'big');
        await w.readWorking('main');
        await w.close();
      }));
      const viaDoc = p50(await sample(2, async () => {
        const w = await Workspace.open(root, 'big');
        const s = await w.openBranch('main');
        docToOntology(s.doc);
        await w.close();
      }, 0));
      const openOnly = p50(await sample(7, async () => (await Workspace.open(root, 'big')).close()));
      ws = await Workspace.open(root, 'big');
      const size = await ws.docs.docSize({ workspace: ws.id, branch: ws.getBranch('main').id });
      await ws.close();

      rows.push({ name: 'canonical JSON size / doc state', value: `${(json.length / 1e6).toFixed(1)} MB / ${(size.bytes / 1e6).toFixed(1)} MB`, reference: `setup ${fmtMs(setupMs)}, tail ${size.updates} rows after compaction` });
      rows.push({ name: 'open + readWorking (JSON cache hit)', value: fmtMs(cached), reference: `JSON.parse ${fmtMs(floor)}`, ratio: cached / floor, ratioLabel: '× the JSON.parse floor', target: '≤ 3×', pass: cached / floor <= 3 });
      rows.push({ name: 'open + Y.Doc load + docToOntology', value: fmtMs(viaDoc), reference: `JSON.parse ${fmtMs(floor)}`, ratio: viaDoc / floor, ratioLabel: '× the JSON.parse floor' });
      rows.push({ name: 'open alone (quick_check included)', value: fmtMs(openOnly), reference: `JSON.parse ${fmtMs(floor)}`, ratio: openOnly / floor, ratioLabel: '× the JSON.parse floor' });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    return rows;
  },
};

export default bench;
