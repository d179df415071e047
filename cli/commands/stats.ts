/** `oms stats <file> [--json]`: what is in an ontology, at a glance, with its canonical hash. */
import { z } from 'zod';
import { allElements, canonicalJson, COLLECTIONS, contentHash, type Cardinality, type Collection, type Ontology, type Pii } from '../../core/model';
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

export function ontologyStats(o: Ontology): OntologyStats {
  const counts = Object.fromEntries(COLLECTIONS.map((c) => [c, Object.keys(o[c]).length])) as Record<Collection, number>;
  const linksByCardinality: Record<Cardinality, number> = { ONE_TO_ONE: 0, ONE_TO_MANY: 0, MANY_TO_ONE: 0, MANY_TO_MANY: 0 };
  for (const lt of Object.values(o.linkTypes)) linksByCardinality[lt.cardinality]++;
  const nested = { property: 0, structField: 0, actionParameter: 0, actionRule: 0 };
  const pii = { personal: 0, sensitive: 0 };
  let deprecated = 0;
  let experimental = 0;
  for (const e of allElements(o)) {
    if (e.kind in nested) nested[e.kind as keyof typeof nested]++;
    if (e.value.status === 'deprecated') deprecated++;
    if (e.value.status === 'experimental') experimental++;
    if ((e.kind === 'property' || e.kind === 'sharedProperty') && (e.value.pii === 'personal' || e.value.pii === 'sensitive')) pii[e.value.pii]++;
  }
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
    hash: contentHash(canonicalJson(o)),
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
