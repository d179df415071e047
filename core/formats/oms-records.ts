/**
 * Lossless records inside our RDF exports. OWL cannot say everything OMS can (order keys, PII,
 * action rules, ids that are not derived from IRIs, …). The exporter therefore maps its own OWL
 * view back in memory and compares: every top-level element the view would not reproduce exactly
 * is also written as one `oms:Element` node (id, kind and its canonical JSON with nested children),
 * elements the view would invent are listed in `oms:removed`, and the ontology header (name,
 * description, meta) is always recorded. An import maps the OWL view, then applies the records.
 * A vocabulary that came from OWL unchanged thus exports as plain OWL plus one header record.
 */
import { ModelError, errorMessage } from '../errors';
import {
  COLLECTION_OF_KIND, parseOntology, stableStringify, topLevelElements,
  type Collection, type Ontology, type TopLevelKind,
} from '../model';
import { META_UNMODELLED } from './owl-view';
import { blank, iri, literal, NS, RDF_TYPE, type Triple } from './rdf';
import type { RdfGraph } from './rdf-graph';

export const OMS_ELEMENT = `${NS.oms}Element`;
export const OMS_ONTOLOGY = `${NS.oms}OntologyRecord`;
const P_ID = `${NS.oms}id`;
const P_KIND = `${NS.oms}kind`;
const P_DATA = `${NS.oms}data`;
const P_ABOUT = `${NS.oms}about`;
const P_REMOVED = `${NS.oms}removed`;

const TOP_KINDS = new Set<string>(Object.keys(COLLECTION_OF_KIND));

function elementMap(o: Ontology): Map<string, { kind: TopLevelKind; collection: Collection; json: string }> {
  const out = new Map<string, { kind: TopLevelKind; collection: Collection; json: string }>();
  for (const e of topLevelElements(o)) out.set(e.id, { kind: e.kind, collection: e.collection, json: stableStringify(e.value) });
  return out;
}

/** Records that turn `derived` (what the OWL view maps back to) into `o`. */
export function recordTriples(o: Ontology, derived: Ontology, iriOf: (id: string) => string | undefined): Triple[] {
  const out: Triple[] = [];
  const head = blank('ontology');
  const want = elementMap(o);
  const have = elementMap(derived);
  out.push({ s: head, p: RDF_TYPE, o: iri(OMS_ONTOLOGY) });
  // The verbatim statements are in the view already and a re-import keeps them again: recording
  // them would store them twice. Only whether there were any is recorded.
  const { [META_UNMODELLED]: unmodelled, ...meta } = o.meta;
  // Fields absent when empty, so ontologies without them record exactly what they did before.
  const header = {
    name: o.name, description: o.description, meta,
    ...(o.annotations ? { annotations: o.annotations } : {}), ...(unmodelled !== undefined ? { unmodelled: true } : {}),
  };
  out.push({ s: head, p: P_DATA, o: literal(stableStringify(header)) });
  for (const id of [...have.keys()].filter((k) => !want.has(k)).sort()) out.push({ s: head, p: P_REMOVED, o: literal(id) });
  let n = 0;
  for (const [id, e] of [...want].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (have.get(id)?.json === e.json) continue;
    const s = blank(`e${n++}`);
    out.push({ s, p: RDF_TYPE, o: iri(OMS_ELEMENT) });
    out.push({ s, p: P_ID, o: literal(id) });
    out.push({ s, p: P_KIND, o: literal(e.kind) });
    out.push({ s, p: P_DATA, o: literal(e.json) });
    const about = iriOf(id);
    if (about) out.push({ s, p: P_ABOUT, o: iri(about) });
  }
  return out;
}

/**
 * Moves the record subjects' statements out of `g` (which keeps the OWL view): the records' own
 * graph and their number of statements, or undefined when there are none.
 */
export function takeRecords(g: RdfGraph): { graph: RdfGraph; added: number } | undefined {
  const recordSubjects = new Set([...g.ofType(OMS_ELEMENT), ...g.ofType(OMS_ONTOLOGY)]);
  return recordSubjects.size === 0 ? undefined : g.takeSubjects(recordSubjects);
}

function one(g: RdfGraph, s: string, p: string): string {
  const t = g.objects(s, p)[0];
  if (!t || t.t !== 'literal') throw new ModelError('IMPORT_RECORD_INVALID', `oms record ${s} lacks ${p}`);
  return t.v;
}

function json(text: string, where: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch (err) {
    throw new ModelError('IMPORT_RECORD_INVALID', `oms record ${where} holds invalid JSON: ${errorMessage(err)}`);
  }
  throw new ModelError('IMPORT_RECORD_INVALID', `oms record ${where} does not hold a JSON object`);
}

/** Applies records to the ontology mapped from the OWL view; the result is validated as a whole. */
export function applyRecords(records: RdfGraph, derived: Ontology): { ontology: Ontology; applied: number; removed: number } {
  const heads = records.ofType(OMS_ONTOLOGY);
  if (heads.length !== 1) throw new ModelError('IMPORT_RECORD_INVALID', `expected one oms:OntologyRecord, found ${heads.length}`);
  const head = heads[0] as string;
  const doc = JSON.parse(stableStringify(derived)) as Record<string, Record<string, unknown>>;
  const { unmodelled, ...header } = json(one(records, head, P_DATA), 'ontology');
  const kept = derived.meta[META_UNMODELLED];
  delete doc.annotations; // the header says whether there are any
  Object.assign(doc, header);
  if (unmodelled === true && kept !== undefined) (doc.meta as Record<string, unknown>)[META_UNMODELLED] = kept;
  const removed = records.objects(head, P_REMOVED).flatMap((t) => (t.t === 'literal' ? [t.v] : []));
  for (const id of removed) for (const coll of Object.values(COLLECTION_OF_KIND)) delete doc[coll]?.[id];
  let applied = 0;
  for (const s of records.ofType(OMS_ELEMENT)) {
    const id = one(records, s, P_ID);
    const kind = one(records, s, P_KIND);
    if (!TOP_KINDS.has(kind)) throw new ModelError('IMPORT_RECORD_INVALID', `oms record ${id} has unknown kind "${kind}"`);
    const coll = COLLECTION_OF_KIND[kind as TopLevelKind];
    (doc[coll] ??= {})[id] = json(one(records, s, P_DATA), id);
    applied++;
  }
  try {
    return { ontology: parseOntology(doc), applied, removed: removed.length };
  } catch (err) {
    throw new ModelError('IMPORT_RECORD_INVALID', `oms records do not form a valid ontology: ${errorMessage(err)}`, { cause: errorMessage(err) });
  }
}
