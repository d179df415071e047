/**
 * Yjs binding throughput on 10k object types × 10 properties (plus the links, interfaces, value,
 * struct and action types randomOntology adds at that size), against JSON.stringify / JSON.parse
 * of the same canonical data in the same run.
 */
import * as Y from 'yjs';
import { canonicalJson, type Ontology } from '../../core/model';
import { ORIGIN, applyOntology, docToOntology, ontologyToDoc, renameElement } from '../../core/yjs';
import { mutateOntology, randomOntology } from '../support/random-ontology';
import { fmtMs, fmtRate, p50, sample, time, type Benchmark, type BenchRow } from './lib';

const TYPES = Number(process.env.OMS_BENCH_TYPES ?? 10_000);
const PROPS = 10;
const RUNS = 3;

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

    const stringify = await sample(RUNS, () => JSON.stringify(data));
    const parse = await sample(RUNS, () => JSON.parse(json));
    const build = await sample(RUNS, () => ontologyToDoc(o));
    const encode = await sample(RUNS, () => Y.encodeStateAsUpdate(doc));
    const load = await sample(RUNS, () => Y.applyUpdate(new Y.Doc(), state));
    const toJson = await sample(RUNS, () => canonicalJson(docToOntology(doc)));
    if (canonicalJson(docToOntology(doc)) !== json) throw new Error('round trip is not lossless at benchmark size');

    // Landing a 20-change merge result on the live doc, and single local edits.
    const target = mutateOntology(o, 2, 20).ontology;
    const land = await time(() => applyOntology(doc, target, ORIGIN.merge));
    const ids = Object.keys(o.objectTypes);
    const edits = 2_000;
    const renames = await time(() => {
      for (let i = 0; i < edits; i++) renameElement(doc, { id: ids[i % ids.length] as string }, `Bench${i}`);
    });
    const raw = await time(() => {
      const entities = doc.getMap('entities');
      for (let i = 0; i < edits; i++) doc.transact(() => (entities.get(ids[i % ids.length] as string) as Y.Map<unknown>).set('apiName', `Raw${i}`), ORIGIN.local);
    });

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
        name: 'renameElement (validated, 1 tx each)', value: fmtRate((edits / renames.ms) * 1000, 'edits'),
        reference: fmtRate((edits / raw.ms) * 1000, 'raw Y.Map sets'), ratio: renames.ms / raw.ms, ratioLabel: '× raw Y.Map.set time',
      },
    ];
  },
};

export default bench;
