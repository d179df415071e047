/** `oms stats <file> [--json]`: what is in an ontology, at a glance, with its canonical hash. */
import { z } from 'zod';
import { COLLECTIONS, KIND_OF_COLLECTION, NESTED, writeCanonicalJson, type Cardinality, type Collection, type Ontology, type Pii } from '../../core/model';
import { sha256Pieces } from '../../main/services/store/hash';
import { color, emit } from '../output';
import { parseOptions } from './options';
import { readOntology } from './read-ontology';
import type { RegisterCommand } from './index';

const StatsOptions = z.strictObject({ json: z.boolean().optional() });

export interface OntologyStats {
  name: string;
  counts: Record<Collection, number>;
  properties: number;
  structFields: number;
  actionParameters: number;
  actionRules: number;
  linksByCardinality: Record<Cardinality, number>;
  /** Properties and shared properties by PII flag. */
  pii: Record<Exclude<Pii, 'none'>, number>;
  /** Elements (top-level and nested) whose own status is deprecated. */
  deprecated: number;
  experimental: number;
  hash: string;
}

interface Tally {
  nested: Record<'property' | 'structField' | 'actionParameter' | 'actionRule', number>;
  pii: Record<Exclude<Pii, 'none'>, number>;
  deprecated: number;
  experimental: number;
}

function tallyElement(t: Tally, value: Record<string, unknown>, piiCounts: boolean): void {
  if (value.status === 'deprecated') t.deprecated++;
  else if (value.status === 'experimental') t.experimental++;
  if (piiCounts && (value.pii === 'personal' || value.pii === 'sensitive')) t.pii[value.pii]++;
}

/**
 * Every element (what allElements yields, without building an ElementRef per element: at 50k types
 * the refs cost more than the counting).
 */
function tally(o: Ontology): Tally {
  const t: Tally = { nested: { property: 0, structField: 0, actionParameter: 0, actionRule: 0 }, pii: { personal: 0, sensitive: 0 }, deprecated: 0, experimental: 0 };
  for (const collection of COLLECTIONS) {
    const kind = KIND_OF_COLLECTION[collection];
    const fields = Object.entries(NESTED[kind] ?? {});
    for (const value of Object.values(o[collection] as Record<string, Record<string, unknown>>)) {
      tallyElement(t, value, kind === 'sharedProperty');
      for (const [field, childKind] of fields) {
        const children = (value[field] ?? {}) as Record<string, Record<string, unknown>>;
        for (const child of Object.values(children)) {
          t.nested[childKind]++;
          tallyElement(t, child, childKind === 'property');
        }
      }
    }
  }
  return t;
}

export function ontologyStats(o: Ontology): OntologyStats {
  const counts = Object.fromEntries(COLLECTIONS.map((c) => [c, Object.keys(o[c]).length])) as Record<Collection, number>;
  const linksByCardinality: Record<Cardinality, number> = { ONE_TO_ONE: 0, ONE_TO_MANY: 0, MANY_TO_ONE: 0, MANY_TO_MANY: 0 };
  for (const lt of Object.values(o.linkTypes)) linksByCardinality[lt.cardinality]++;
  const { nested, pii, deprecated, experimental } = tally(o);
  return {
    name: o.name,
    counts,
    properties: nested.property,
    structFields: nested.structField,
    actionParameters: nested.actionParameter,
    actionRules: nested.actionRule,
    linksByCardinality,
    pii,
    deprecated,
    experimental,
    // contentHash's bytes and format, hashed natively (core's sha256 is JavaScript, for browsers too),
    // in pieces: the whole text (the file's size again) is never held.
    hash: sha256Pieces((write) => writeCanonicalJson(o, write)),
  };
}

export function formatStats(s: OntologyStats): string {
  const row = (label: string, value: string | number) => `  ${label.padEnd(20)} ${value}`;
  const c = s.counts;
  const l = s.linksByCardinality;
  return [
    color.bold(s.name),
    row('object types', `${c.objectTypes} (${s.properties} properties)`),
    row('link types', `${c.linkTypes} (1:1 ${l.ONE_TO_ONE}, 1:n ${l.ONE_TO_MANY}, n:1 ${l.MANY_TO_ONE}, n:m ${l.MANY_TO_MANY})`),
    row('interfaces', c.interfaces),
    row('shared properties', c.sharedProperties),
    row('value types', c.valueTypes),
    row('struct types', `${c.structTypes} (${s.structFields} fields)`),
    row('action types', `${c.actionTypes} (${s.actionParameters} parameters, ${s.actionRules} rules)`),
    row('PII properties', `${s.pii.personal} personal, ${s.pii.sensitive} sensitive`),
    row('status', `${s.deprecated} deprecated, ${s.experimental} experimental`),
    row('canonical hash', color.dim(s.hash)),
  ].join('\n');
}

export const registerStats: RegisterCommand = (program) => {
  program
    .command('stats')
    .description('count what an ontology contains and print its canonical hash')
    .argument('<file>', 'an oms/1 ontology file')
    .option('--json', 'print as JSON')
    .action((file: string, raw: unknown) => {
      const options = parseOptions(StatsOptions, raw);
      const stats = ontologyStats(readOntology(file));
      emit(options, { file, ...stats }, () => formatStats(stats));
    });
};
