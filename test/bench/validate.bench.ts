/**
 * validate() on a synthetic 10k object types × 10 properties ontology (plus a link, an interface
 * and value types per type), against JSON.parse of the same canonical JSON in the same run.
 */
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import { validate } from '../../core/validate';
import { fmtMs, p50, sample, type Benchmark } from './lib';

export function syntheticOntology(types: number, propsPerType: number): Ontology {
  const objectTypes: Record<string, unknown> = {};
  const linkTypes: Record<string, unknown> = {};
  const valueTypes: Record<string, unknown> = {};
  for (let v = 0; v < 10; v++) valueTypes[`vt-${v}`] = { apiName: `Code${v}`, baseType: { type: 'string' }, constraints: { regex: '^[A-Z]+$', maxLength: 20 } };
  for (let t = 0; t < types; t++) {
    const properties: Record<string, unknown> = {
      [`p-${t}-0`]: { apiName: 'id', baseType: { type: 'string' }, required: true, order: 'a', valueTypeId: `vt-${t % 10}` },
      [`p-${t}-1`]: { apiName: 'name', baseType: { type: 'string' }, sharedPropertyId: 'sp-name', order: 'b' },
    };
    for (let p = 2; p < propsPerType; p++) properties[`p-${t}-${p}`] = { apiName: `field${p}`, baseType: { type: p % 2 ? 'integer' : 'string' }, order: `c${p}` };
    if (t > 0) properties[`p-${t}-${propsPerType - 1}`] = { apiName: 'parentId', baseType: { type: 'string' }, order: 'z' };
    objectTypes[`ot-${t}`] = { apiName: `Type${t}`, primaryKey: `p-${t}-0`, titleKey: `p-${t}-1`, implements: ['if-named'], properties };
    if (t > 0) {
      linkTypes[`lt-${t}`] = { apiName: `link${t}`, fromObjectTypeId: `ot-${t}`, toObjectTypeId: `ot-${t - 1}`, cardinality: 'MANY_TO_ONE', foreignKeyPropertyId: `p-${t}-${propsPerType - 1}` };
    }
  }
  return parseOntology({
    format: 'oms/1', name: 'Synthetic', objectTypes, linkTypes, valueTypes,
    interfaces: { 'if-named': { apiName: 'Named', properties: ['sp-name'] } },
    sharedProperties: { 'sp-name': { apiName: 'name', baseType: { type: 'string' } } },
  });
}

const bench: Benchmark = {
  name: 'validate',
  description: 'validate() on 10k object types × 10 properties vs JSON.parse of the same canonical JSON',
  async run() {
    const o = syntheticOntology(10_000, 10);
    const json = canonicalJson(o);
    const diagnostics = validate(o);
    if (diagnostics.length > 0) throw new Error(`synthetic ontology is not clean: ${diagnostics[0]?.code} ${diagnostics[0]?.path}`);
    const parse = await sample(5, () => JSON.parse(json));
    const val = await sample(5, () => validate(o));
    const zod = await sample(3, () => parseOntology(JSON.parse(json)));
    return [
      { name: 'JSON.parse (reference floor)', value: fmtMs(p50(parse)) },
      { name: 'parseOntology (zod + canonicalize)', value: fmtMs(p50(zod)), reference: fmtMs(p50(parse)), ratio: p50(zod) / p50(parse), ratioLabel: '× JSON.parse' },
      { name: 'validate', value: fmtMs(p50(val)), reference: fmtMs(p50(parse)), ratio: p50(val) / p50(parse), ratioLabel: '× JSON.parse', target: '< 1000 ms', pass: p50(val) < 1000 },
    ];
  },
};

export default bench;
