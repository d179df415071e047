import { describe, expect, it } from 'vitest';
import { canonicalJson, indexElements, parseOntology, type BaseType, type Ontology } from '../../core/model';
import { changedElementIds, mutateOntology, randomOntology } from './random-ontology';

/** Semantic problems the generators promise to avoid; independent of core/validate on purpose. */
function sanityProblems(o: Ontology): string[] {
  const problems: string[] = [];
  const index = indexElements(o);
  const has = (id: string | undefined, kind: string): boolean => id === undefined || index.get(id)?.kind === kind;
  const ref = (where: string, id: string | undefined, kind: string): void => {
    if (!has(id, kind)) problems.push(`${where}: dangling ${kind} ${id}`);
  };
  const checkType = (where: string, t: BaseType): void => {
    if (t.type === 'struct') ref(where, t.structTypeId, 'structType');
    if (t.type === 'array') checkType(where, t.items);
  };
  const unique = (where: string, names: string[]): void => {
    if (new Set(names).size !== names.length) problems.push(`${where}: duplicate apiName`);
  };
  for (const c of ['objectTypes', 'linkTypes', 'interfaces', 'sharedProperties', 'valueTypes', 'structTypes', 'actionTypes'] as const) {
    unique(c, Object.values(o[c]).map((e) => e.apiName));
  }
  for (const [id, ot] of Object.entries(o.objectTypes)) {
    unique(id, Object.values(ot.properties).map((p) => p.apiName));
    const pk = ot.primaryKey ? ot.properties[ot.primaryKey] : undefined;
    if (!pk || !['string', 'integer', 'long'].includes(pk.baseType.type)) problems.push(`${id}: bad primary key`);
    if (ot.titleKey && !ot.properties[ot.titleKey]) problems.push(`${id}: bad title key`);
    for (const i of ot.implements) ref(id, i, 'interface');
    const realised = new Set(Object.values(ot.properties).map((p) => p.sharedPropertyId));
    const stack = [...ot.implements];
    while (stack.length) {
      const itf = o.interfaces[stack.pop() as string];
      if (!itf) continue;
      for (const sp of itf.properties) if (!realised.has(sp)) problems.push(`${id}: does not realise ${sp}`);
      stack.push(...itf.extends);
    }
    for (const [pid, p] of Object.entries(ot.properties)) {
      checkType(pid, p.baseType);
      ref(pid, p.valueTypeId, 'valueType');
      ref(pid, p.sharedPropertyId, 'sharedProperty');
    }
  }
  for (const [id, lt] of Object.entries(o.linkTypes)) {
    ref(id, lt.fromObjectTypeId, 'objectType');
    ref(id, lt.toObjectTypeId, 'objectType');
    if (lt.foreignKeyPropertyId) {
      const holder = index.get(lt.foreignKeyPropertyId)?.parentId;
      const ok = lt.cardinality === 'MANY_TO_ONE' ? holder === lt.fromObjectTypeId
        : lt.cardinality === 'ONE_TO_MANY' ? holder === lt.toObjectTypeId
          : lt.cardinality === 'ONE_TO_ONE' ? holder === lt.fromObjectTypeId || holder === lt.toObjectTypeId : false;
      if (!ok) problems.push(`${id}: foreign key on the wrong end`);
    }
  }
  // Acyclic interface inheritance: depth-first search with an on-stack set.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      problems.push(`interface cycle through ${id}`);
      return;
    }
    state.set(id, 'open');
    for (const e of o.interfaces[id]?.extends ?? []) {
      ref(id, e, 'interface');
      visit(e);
    }
    state.set(id, 'done');
  };
  for (const [id, itf] of Object.entries(o.interfaces)) {
    visit(id);
    for (const sp of itf.properties) ref(id, sp, 'sharedProperty');
  }
  for (const [id, sp] of Object.entries(o.sharedProperties)) checkType(id, sp.baseType);
  for (const [id, st] of Object.entries(o.structTypes)) for (const f of Object.values(st.fields)) checkType(id, f.baseType);
  for (const [id, at] of Object.entries(o.actionTypes)) {
    for (const p of Object.values(at.parameters)) ref(id, p.objectTypeId, 'objectType');
    for (const rule of Object.values(at.rules)) {
      if ('objectTypeId' in rule) ref(id, rule.objectTypeId, 'objectType');
      if ('linkTypeId' in rule) ref(id, rule.linkTypeId, 'linkType');
      if ('objectParameterId' in rule) ref(id, rule.objectParameterId, 'actionParameter');
      if ('values' in rule) {
        for (const [prop, param] of Object.entries(rule.values)) {
          if (index.get(prop)?.parentId !== rule.objectTypeId) problems.push(`${id}: value for foreign property ${prop}`);
          if (!at.parameters[param]) problems.push(`${id}: unknown parameter ${param}`);
        }
      }
    }
  }
  return problems;
}

describe('randomOntology', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(canonicalJson(randomOntology(7))).toBe(canonicalJson(randomOntology(7)));
    expect(canonicalJson(randomOntology(7))).not.toBe(canonicalJson(randomOntology(8)));
  });

  it('produces schema-valid, semantically sane ontologies of the requested size', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const o = randomOntology(seed, { objectTypes: 1 + (seed % 12), propertiesPerType: 1 + (seed % 7) });
      expect(canonicalJson(parseOntology(JSON.parse(canonicalJson(o)))), `seed ${seed}`).toBe(canonicalJson(o));
      expect(sanityProblems(o), `seed ${seed}`).toEqual([]);
      expect(Object.keys(o.objectTypes)).toHaveLength(1 + (seed % 12));
      for (const ot of Object.values(o.objectTypes)) expect(Object.keys(ot.properties).length).toBeGreaterThanOrEqual(1 + (seed % 7));
    }
  });
});

describe('mutateOntology', () => {
  it('keeps the ontology sane and reports the touched elements', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const base = randomOntology(seed, { objectTypes: 5, propertiesPerType: 4 });
      const { ontology, touched, changes } = mutateOntology(base, seed * 31, 1 + (seed % 6));
      expect(changes.length, `seed ${seed}`).toBeGreaterThanOrEqual(1 + (seed % 6));
      expect(sanityProblems(ontology), `seed ${seed}`).toEqual([]);
      expect(touched, `seed ${seed}`).toEqual(changedElementIds(base, ontology));
      expect(touched.length, `seed ${seed}`).toBeGreaterThan(0);
      // Every edit's subject is touched unless the edit happened to be a no-op.
      expect(changes.filter((c) => touched.includes(c.id)).length, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('does not modify its input', () => {
    const base = randomOntology(3);
    const before = canonicalJson(base);
    mutateOntology(base, 99, 20);
    expect(canonicalJson(base)).toBe(before);
  });
});
