/**
 * A fast generator of large, valid ontologies for the store-at-scale benchmark and test:
 * `types` object types with `props` properties each (a primary key and plain fields), plus one
 * link type per 10 types. Deterministic and linear (random-ontology.ts is richer but takes ~50 s
 * for 5k types). `editTypes` changes `n` object types' descriptions: a small, realistic change.
 */
import { parseOntology, type Ontology } from '../../core/model';

const typeId = (i: number): string => `ot-s${i}`;
const propId = (i: number, j: number): string => `p-s${i}-${j}`;
const ORDER = 'abcdefghijklmnopqrstuvwxyz';

export function scaleOntology(types: number, props = 4): Ontology {
  const objectTypes: Record<string, unknown> = {};
  for (let i = 0; i < types; i++) {
    const properties: Record<string, unknown> = {};
    for (let j = 0; j < props; j++) {
      properties[propId(i, j)] = {
        apiName: `field${j}`, baseType: { type: j === 1 ? 'integer' : 'string' }, description: j === 0 ? 'Primary key.' : '',
        displayName: `Field ${j}`, order: `${ORDER[j % 26]}${Math.floor(j / 26)}`, pii: 'none', required: j === 0, status: 'active',
      };
    }
    objectTypes[typeId(i)] = {
      apiName: `Thing${i}`, color: '#0969da', description: `Generated type number ${i}.`, displayName: `Thing ${i}`, icon: 'cube',
      implements: [], pluralDisplayName: `Things ${i}`, primaryKey: propId(i, 0), status: 'active', titleKey: propId(i, 0), properties,
    };
  }
  const linkTypes: Record<string, unknown> = {};
  for (let i = 0; i + 1 < types; i += 10) {
    linkTypes[`lt-s${i}`] = {
      apiName: `thing${i}ToNext`, cardinality: 'ONE_TO_MANY', description: '', displayName: '', status: 'active',
      fromObjectTypeId: typeId(i), fromDisplayName: 'next', toObjectTypeId: typeId(i + 1), toDisplayName: 'previous',
    };
  }
  return parseOntology({
    format: 'oms/1', name: `Scale ${types}`, description: '', meta: { baseIri: 'https://example.com/scale#' },
    objectTypes, linkTypes, interfaces: {}, sharedProperties: {}, valueTypes: {}, structTypes: {}, actionTypes: {},
  });
}

/** A copy of `o` with the descriptions of `n` object types (from `offset`, spread out) rewritten by `tag`. */
export function editTypes(o: Ontology, n: number, tag: string, offset = 0): Ontology {
  const next = { ...o, objectTypes: { ...o.objectTypes } };
  const ids = Object.keys(o.objectTypes);
  const step = Math.max(1, Math.floor(ids.length / Math.max(1, n)));
  for (let k = 0; k < n; k++) {
    const id = ids[(offset + k * step) % ids.length] as string;
    next.objectTypes[id] = { ...(o.objectTypes[id] as Ontology['objectTypes'][string]), description: `${tag} ${k}` };
  }
  return next;
}
