/**
 * Seeded edit steps aimed at validation's global checks, for the tests that compare validation in
 * proportion to a change with validate() of the whole state (the store's live commit, the studio's
 * incremental validator): random mutations plus a rename onto another element's name and its
 * repair, deletes of referenced elements (dangling references), supertype and interface cycles
 * closed step by step through untouched edges and broken again, and header edits.
 */
import { OmsError } from '../../core/errors';
import { parseOntology, type Collection, type Ontology } from '../../core/model';
import { validate } from '../../core/validate';
import { mutateOntology, type Rand } from './random-ontology';

type Rec = Record<string, unknown>;
const coll = (o: Ontology, c: Collection): Record<string, Rec> => o[c] as unknown as Record<string, Rec>;
const ids = (o: Ontology, c: Collection): string[] => Object.keys(o[c]);
const addTo = (e: Rec, field: string, id: string): void => {
  e[field] = [...new Set([...((e[field] as string[] | undefined) ?? []), id])].sort();
};

/** Edits aimed at the global checks; each may do nothing when the ontology has nothing to aim at. */
export const HOSTILE: Array<(r: Rand, o: Ontology, n: number) => void> = [
  (r, o) => { // rename onto another element's name (other case): a collision
    const c = r.pick(['objectTypes', 'linkTypes', 'interfaces', 'valueTypes', 'sharedProperties'] as const);
    const [a, b] = r.sample(ids(o, c), 2);
    if (a && b) (coll(o, c)[a] as Rec).apiName = String((coll(o, c)[b] as Rec).apiName).toUpperCase();
  },
  (r, o, n) => { // repair: a fresh unique name
    const c = r.pick(['objectTypes', 'interfaces', 'valueTypes'] as const);
    const id = r.pick([...ids(o, c), '']);
    if (id) (coll(o, c)[id] as Rec).apiName = `Fresh${n}`;
  },
  (r, o) => { // delete an element whatever refers to it: dangling references
    const c = r.pick(['objectTypes', 'interfaces', 'valueTypes', 'sharedProperties', 'structTypes'] as const);
    const id = r.pick([...ids(o, c), '']);
    if (id) delete coll(o, c)[id];
  },
  (r, o) => { // one more supertype edge: cycles close through edges added in earlier steps
    const [a, b] = r.sample(ids(o, 'objectTypes'), 2);
    if (a && b) addTo(coll(o, 'objectTypes')[a] as Rec, 'supertypes', b);
  },
  (r, o) => { // one more interface edge
    const [a, b] = r.sample(ids(o, 'interfaces'), 2);
    if (a && b) addTo(coll(o, 'interfaces')[a] as Rec, 'extends', b);
  },
  (r, o) => { // break cycles again: drop one element's edges
    const c = r.pick(['objectTypes', 'interfaces'] as const);
    const id = r.pick([...ids(o, c), '']);
    if (id) (coll(o, c)[id] as Rec)[c === 'objectTypes' ? 'supertypes' : 'extends'] = [];
  },
  (r, o) => { // an object type starts implementing an interface
    const ot = r.pick([...ids(o, 'objectTypes'), '']);
    const itf = r.pick([...ids(o, 'interfaces'), '']);
    if (ot && itf) addTo(coll(o, 'objectTypes')[ot] as Rec, 'implements', itf);
  },
  (r, o, n) => { // the ontology's own fields
    (o as unknown as Rec).description = `edited ${n} ${r.int(0, 9)}`;
  },
];

/** A next state of `cur`: a few random mutations and hostile edits; undefined when it does not parse. */
export function nextState(r: Rand, cur: Ontology, seed: number, step: number): Ontology | undefined {
  // The random mutator assumes references resolve: it is used on states without BLOCK findings only.
  const mutate = r.bool(0.6) && !validate(cur).some((d) => d.severity === 'BLOCK');
  const o = structuredClone(mutate ? mutateOntology(cur, seed * 1000 + step, r.int(1, 3)).ontology : cur);
  for (const edit of r.sample(HOSTILE, r.int(1, 2))) edit(r, o, step);
  try {
    return parseOntology(JSON.parse(JSON.stringify(o)));
  } catch (err) {
    if (err instanceof OmsError) return undefined;
    throw err;
  }
}

