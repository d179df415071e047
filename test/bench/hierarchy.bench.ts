/**
 * A GO-like 45k-class ontology (≈70k supertype edges, average 30 ancestors, 16k restriction links,
 * 35k definitions with synonyms): validate, diff of a two-element change and change analysis,
 * against JSON.parse + JSON.stringify of its canonical form in the same run (the store-at-scale
 * target: full-ontology operations within 3× of that floor), and validate of the same ontology with
 * its supertypes removed (what the hierarchy itself costs).
 */
import { analyzeChanges } from '../../core/changes';
import { diffOntologies } from '../../core/diff';
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import { validate } from '../../core/validate';
import { fmtMs, p50, rng, sample, type Benchmark } from './lib';

const CLASSES = Number(process.env.OMS_BENCH_CLASSES ?? 45_000);

export function hierarchyOntology(n: number, seed = 1): Ontology {
  const r = rng(seed);
  const objectTypes: Record<string, unknown> = {};
  const linkTypes: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const ot: Record<string, unknown> = { apiName: `Class${i}`, properties: { [`p${i}`]: { apiName: `prop${i}`, baseType: { type: 'string' }, order: 'V' } } };
    if (i === 0) {
      (ot.properties as Record<string, unknown>).key = { apiName: 'id', baseType: { type: 'string' }, required: true, order: 'A' };
      ot.primaryKey = 'key';
    } else {
      // A parent one level up (fan-out 3, depth ≈ 10) and, for 56%, a second one from that level.
      const primary = Math.floor((i - 1) / 3);
      const levelStart = Math.floor((3 ** Math.floor(Math.log(2 * primary + 1) / Math.log(3)) - 1) / 2);
      const parents = new Set<string>([`C${primary}`]);
      if (r() < 0.56 && primary > 0) parents.add(`C${levelStart + Math.floor(r() * Math.max(1, Math.min(primary - levelStart + 1, 3 * levelStart + 1)))}`);
      ot.supertypes = [...parents];
    }
    if (i % 9 < 7) ot.annotations = { definition: [{ value: `Definition of class ${i}.`, xrefs: [`GOC:${i % 97}`] }], synonym: [{ value: `synonym ${i}`, scope: 'EXACT' }] };
    objectTypes[`C${i}`] = ot;
  }
  for (let j = 0; j < Math.round(n * 0.36); j++) {
    linkTypes[`L${j}`] = {
      apiName: `rel${j}`, fromObjectTypeId: `C${Math.floor(r() * n)}`, toObjectTypeId: `C${Math.floor(r() * n)}`, cardinality: 'MANY_TO_MANY',
      minCardinality: 1, restriction: { quantifier: 'some', property: `http://example.org/r${j % 40}` },
    };
  }
  return parseOntology({ format: 'oms/1', name: 'Hierarchy', objectTypes, linkTypes });
}

const bench: Benchmark = {
  name: 'hierarchy',
  description: `validate / diff / change analysis of a ${CLASSES}-class GO-like hierarchy vs JSON.parse + JSON.stringify`,
  async run() {
    const o = hierarchyOntology(CLASSES);
    const json = canonicalJson(o);
    const changed = structuredClone(o);
    (changed.objectTypes.C100 as { supertypes?: string[] }).supertypes = ['C3'];
    (changed.objectTypes.C200 as { annotations?: unknown }).annotations = { comment: [{ value: 'changed' }] };
    const after = parseOntology(changed);
    const flat = structuredClone(o);
    for (const ot of Object.values(flat.objectTypes)) delete (ot as { supertypes?: string[] }).supertypes;
    const floor = await sample(3, () => JSON.stringify(JSON.parse(json)));
    const val = await sample(3, () => validate(o));
    const valFlat = await sample(3, () => validate(flat));
    const diff = await sample(3, () => diffOntologies(o, after));
    const changes = await sample(3, () => analyzeChanges(o, after));
    const f = p50(floor);
    return [
      { name: `JSON.parse + JSON.stringify (${(json.length / 1e6).toFixed(1)} MB, floor)`, value: fmtMs(f) },
      { name: 'validate', value: fmtMs(p50(val)), reference: fmtMs(f), ratio: p50(val) / f, ratioLabel: '× floor', target: '≤ 3× floor', pass: p50(val) <= 3 * f },
      { name: 'validate without supertypes (hierarchy cost)', value: fmtMs(p50(valFlat)), reference: fmtMs(p50(val)), ratio: p50(val) / p50(valFlat), ratioLabel: '× (with / without)' },
      { name: 'diff (2 elements changed)', value: fmtMs(p50(diff)), reference: fmtMs(f), ratio: p50(diff) / f, ratioLabel: '× floor' },
      { name: 'analyzeChanges (2 elements changed)', value: fmtMs(p50(changes)), reference: fmtMs(f), ratio: p50(changes) / f, ratioLabel: '× floor' },
    ];
  },
};

export default bench;
