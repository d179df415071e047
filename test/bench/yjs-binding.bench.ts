/**
 * Yjs binding throughput on 10k object types × 10 properties (plus the links, interfaces, value,
 * struct and action types randomOntology adds at that size), against JSON.stringify / JSON.parse
 * of the same canonical data in the same run.
 */
import * as Y from 'yjs';
import { canonicalJson, type Ontology } from '../../core/model';
import { ORIGIN, applyOntology, createDocReader, docToOntology, ontologyToDoc, renameElement } from '../../core/yjs';
import { mutateOntology, randomOntology } from '../support/random-ontology';
import { fmtMs, fmtRate, p50, time, type Benchmark, type BenchRow, type Sample } from './lib';

const TYPES = Number(process.env.OMS_BENCH_TYPES ?? 10_000);
const PROPS = 10;
const RUNS = Number(process.env.OMS_BENCH_RUNS ?? 3);

function counts(o: Ontology): string {
  const props = Object.values(o.objectTypes).reduce((n, ot) => n + Object.keys(ot.properties).length, 0);
  return `${Object.keys(o.objectTypes).length} object types, ${props} properties, ${Object.keys(o.linkTypes).length} links`;
}

const bench: Benchmark = {
  name: 'yjs-binding',
  description: `ontology ⇄ Y.Doc at ${TYPES} object types × ${PROPS} properties vs JSON.parse/JSON.stringify of the same canonical JSON`,
  async run() {
    const o = randomOntology(1, { objectTypes: TYPES, propertiesPerType: PROPS });
    const json = canonicalJson(o);
    const data = JSON.parse(json) as unknown;
    const doc = ontologyToDoc(o);
    const state = Y.encodeStateAsUpdate(doc);
    process.stdout.write(`  input: ${counts(o)}; canonical JSON ${(json.length / 1e6).toFixed(1)} MB; Yjs state ${(state.length / 1e6).toFixed(1)} MB\n`);

    // Interleaved rounds (each step once per round) so a busy machine slows ours and the reference alike.
    const steps = {
      stringify: () => JSON.stringify(data),
      parse: () => JSON.parse(json),
      build: () => ontologyToDoc(o),
      encode: () => Y.encodeStateAsUpdate(doc),
      load: () => Y.applyUpdate(new Y.Doc(), state),
      toJson: () => canonicalJson(docToOntology(doc)),
    };
    const runs: Record<keyof typeof steps, number[]> = { stringify: [], parse: [], build: [], encode: [], load: [], toJson: [] };
    for (let round = 0; round <= RUNS; round++) {
      for (const [name, fn] of Object.entries(steps) as Array<[keyof typeof steps, () => unknown]>) {
        const { ms } = await time(fn);
        if (round > 0) runs[name].push(ms); // round 0 warms up
      }
    }
    const sampleOf = (k: keyof typeof steps): Sample => ({ runs: [...runs[k]].sort((a, b) => a - b) });
    const [stringify, parse, build, encode, load, toJson] = [sampleOf('stringify'), sampleOf('parse'), sampleOf('build'), sampleOf('encode'), sampleOf('load'), sampleOf('toJson')];
    if (canonicalJson(docToOntology(doc)) !== json) throw new Error('round trip is not lossless at benchmark size');

    // Landing a 20-change merge result on the live doc, and single local edits.
    const target = mutateOntology(o, 2, 20).ontology;
    const land = await time(() => applyOntology(doc, target, ORIGIN.merge));
    const ids = Object.keys(o.objectTypes);
    const edits = 2_000;
    const entities = doc.getMap('entities');
    let renamesMs = 0;
    let rawMs = 0;
    for (let round = 0; round < 4; round++) {
      const from = round * (edits / 4);
      const to = from + edits / 4;
      renamesMs += (await time(() => {
        for (let i = from; i < to; i++) renameElement(doc, { id: ids[i % ids.length] as string }, `Bench${i}`);
      })).ms;
      rawMs += (await time(() => {
        for (let i = from; i < to; i++) doc.transact(() => (entities.get(ids[i % ids.length] as string) as Y.Map<unknown>).set('apiName', `Raw${i}`), ORIGIN.local);
      })).ms;
    }

    // What an editor pays per keystroke to get the whole ontology back: incremental vs first (full) read.
    const reader = createDocReader(doc);
    const fullRead = await time(() => reader.read());
    let incrementalMs = 0;
    const rereads = 20;
    for (let i = 0; i < rereads; i++) {
      renameElement(doc, { id: ids[i] as string }, `Reread${i}`);
      incrementalMs += (await time(() => reader.read())).ms;
    }
    reader.dispose();

    const vs = (name: string, ours: number, refName: string, ref: number): BenchRow => ({
      name, value: fmtMs(ours), reference: `${refName} ${fmtMs(ref)}`, ratio: ours / ref, ratioLabel: `× ${refName}`,
    });
    return [
      { name: 'JSON.stringify (reference)', value: fmtMs(p50(stringify)) },
      { name: 'JSON.parse (reference)', value: fmtMs(p50(parse)) },
      vs('build doc (ontologyToDoc)', p50(build), 'JSON.parse', p50(parse)),
      vs('encode state (encodeStateAsUpdate)', p50(encode), 'JSON.stringify', p50(stringify)),
      vs('load state into a fresh doc', p50(load), 'JSON.parse', p50(parse)),
      vs('to canonical JSON (docToOntology+canonicalJson)', p50(toJson), 'JSON.stringify', p50(stringify)),
      { name: 'state size', value: `${(state.length / 1e6).toFixed(1)} MB`, reference: `JSON ${(json.length / 1e6).toFixed(1)} MB`, ratio: state.length / json.length, ratioLabel: '× JSON bytes' },
      vs('applyOntology (20-change merge result)', land.ms, 'JSON.parse', p50(parse)),
      {
        name: 'incremental re-read after 1 edit', value: fmtMs(incrementalMs / rereads),
        reference: `full read ${fmtMs(fullRead.ms)}`, ratio: incrementalMs / rereads / fullRead.ms, ratioLabel: '× a full read',
      },
      {
        name: 'renameElement (validated, 1 tx each)', value: fmtRate((edits / renamesMs) * 1000, 'edits'),
        reference: fmtRate((edits / rawMs) * 1000, 'raw Y.Map sets'), ratio: renamesMs / rawMs, ratioLabel: '× raw Y.Map.set time',
      },
    ];
  },
};

export default bench;
