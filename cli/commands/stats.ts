/** `oms stats <file> [--json]`: what is in an ontology, at a glance, with its canonical hash. */
import { z } from 'zod';
import { COLLECTIONS, KIND_OF_COLLECTION, NESTED, parseOntologyText, stableStringify, writeCanonicalJson, writeCanonicalParts, type Cardinality, type Collection, type Ontology, type Pii } from '../../core/model';
import { streamOntologyElements } from '../../core/model/element-stream';
import { stripBom } from '../../core/model/strict-json';
import { sha256Pieces } from '../../main/services/store/hash';
import { color, emit } from '../output';
import { parseOptions } from './options';
import { readOntologyWith } from './read-ontology';
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

const newTally = (): Tally => ({ nested: { property: 0, structField: 0, actionParameter: 0, actionRule: 0 }, pii: { personal: 0, sensitive: 0 }, deprecated: 0, experimental: 0 });

/** One top-level element and its nested children (what allElements yields for it). */
function tallyTop(t: Tally, collection: Collection, value: Record<string, unknown>): void {
  const kind = KIND_OF_COLLECTION[collection];
  tallyElement(t, value, kind === 'sharedProperty');
  const nested = NESTED[kind];
  if (!nested) return;
  for (const field in nested) {
    const childKind = nested[field as keyof typeof nested] as keyof Tally['nested'];
    const children = (value[field] ?? {}) as Record<string, Record<string, unknown>>;
    for (const child of Object.values(children)) {
      t.nested[childKind]++;
      tallyElement(t, child, childKind === 'property');
    }
  }
}

/**
 * Every element (what allElements yields, without building an ElementRef per element: at 50k types
 * the refs cost more than the counting).
 */
function tally(o: Ontology): Tally {
  const t = newTally();
  for (const collection of COLLECTIONS) {
    for (const value of Object.values(o[collection] as Record<string, Record<string, unknown>>)) tallyTop(t, collection, value);
  }
  return t;
}

const noLinks = (): Record<Cardinality, number> => ({ ONE_TO_ONE: 0, ONE_TO_MANY: 0, MANY_TO_ONE: 0, MANY_TO_MANY: 0 });

function statsOf(name: string, counts: Record<Collection, number>, linksByCardinality: Record<Cardinality, number>, t: Tally, hash: string): OntologyStats {
  const { nested, pii, deprecated, experimental } = t;
  return {
    name,
    counts,
    properties: nested.property,
    structFields: nested.structField,
    actionParameters: nested.actionParameter,
    actionRules: nested.actionRule,
    linksByCardinality,
    pii,
    deprecated,
    experimental,
    hash,
  };
}

export function ontologyStats(o: Ontology): OntologyStats {
  const counts = Object.fromEntries(COLLECTIONS.map((c) => [c, Object.keys(o[c]).length])) as Record<Collection, number>;
  const linksByCardinality = noLinks();
  for (const lt of Object.values(o.linkTypes)) linksByCardinality[lt.cardinality]++;
  // contentHash's bytes and format, hashed natively (core's sha256 is JavaScript, for browsers too),
  // in pieces: the whole text (the file's size again) is never held.
  return statsOf(o.name, counts, linksByCardinality, tally(o), sha256Pieces((write) => writeCanonicalJson(o, write)));
}

/**
 * ontologyStats(parseOntologyText(text, source)), reading the text element by element
 * (core/model/element-stream.ts): only each element's canonical text is kept (the file's own
 * slice when canonical already), never the parsed ontology (~2.6× the file at 50k types). The
 * same errors: whenever the element reader gives up, the text is parsed whole.
 */
export function ontologyStatsFromText(text: string, source: string): OntologyStats {
  const t = newTally();
  const linksByCardinality = noLinks();
  const bodies = new Map<Collection, Map<string, string>>(COLLECTIONS.map((c) => [c, new Map()]));
  const header = streamOntologyElements(stripBom(text), {
    element(collection, id, value, sourceText) {
      const v = value as Record<string, unknown>;
      tallyTop(t, collection, v);
      if (collection === 'linkTypes') linksByCardinality[v.cardinality as Cardinality]++;
      const body = stableStringify(value);
      (bodies.get(collection) as Map<string, string>).set(id, body === sourceText ? sourceText : body);
    },
  });
  if (!header) return ontologyStats(parseOntologyText(text, source));
  const counts = Object.fromEntries(COLLECTIONS.map((c) => [c, (bodies.get(c) as Map<string, string>).size])) as Record<Collection, number>;
  const hash = sha256Pieces((write) => writeCanonicalParts(header as unknown as Record<string, unknown>, (c) => {
    const of = bodies.get(c) as Map<string, string>;
    return { ids: [...of.keys()], body: (id) => of.get(id) as string };
  }, write));
  return statsOf(header.name, counts, linksByCardinality, t, hash);
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
      const stats = readOntologyWith(file, ontologyStatsFromText);
      emit(options, { file, ...stats }, () => formatStats(stats));
    });
};
