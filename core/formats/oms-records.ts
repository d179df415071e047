/**
 * Lossless records inside our RDF exports. OWL cannot say everything OMS can (order keys, PII,
 * action rules, which property realises which shared property, …), so besides the OWL view every
 * element is also written as one `oms:Element` node carrying its id, kind, parent and its own
 * fields as canonical JSON. An import that finds these records rebuilds the ontology from them
 * exactly and treats the OWL view as the redundant copy it is (reported as such).
 */
import { ModelError, errorMessage } from '../errors';
import {
  COLLECTION_OF_KIND, NESTED, allElements, parseOntology, stableStringify,
  type ElementKind, type NestedKind, type Ontology, type TopLevelKind,
} from '../model';
import { ReportBuilder } from './import-report';
import type { ImportResult } from './owl-import';
import { blank, iri, literal, NS, RDF_TYPE, type Triple } from './rdf';
import type { RdfGraph } from './rdf-graph';

export const OMS_ELEMENT = `${NS.oms}Element`;
export const OMS_ONTOLOGY = `${NS.oms}OntologyRecord`;
const P_ID = `${NS.oms}id`;
const P_KIND = `${NS.oms}kind`;
const P_PARENT = `${NS.oms}parent`;
const P_DATA = `${NS.oms}data`;
const P_ABOUT = `${NS.oms}about`;

const CHILD_FIELD: Partial<Record<NestedKind, string>> = {};
for (const fields of Object.values(NESTED)) for (const [field, kind] of Object.entries(fields)) CHILD_FIELD[kind] = field;
const TOP_KINDS = new Set<string>(Object.keys(COLLECTION_OF_KIND));

/** Record triples for every element; `iriOf` gives the OWL-view resource each record is about. */
export function recordTriples(o: Ontology, iriOf: (id: string) => string | undefined): Triple[] {
  const out: Triple[] = [];
  const head = blank('ontology');
  out.push({ s: head, p: RDF_TYPE, o: iri(OMS_ONTOLOGY) });
  out.push({ s: head, p: P_DATA, o: literal(stableStringify({ format: o.format, name: o.name, description: o.description, meta: o.meta })) });
  let n = 0;
  for (const e of allElements(o)) {
    const s = blank(`e${n++}`);
    const data: Record<string, unknown> = { ...e.value };
    for (const field of Object.keys(NESTED[e.kind as TopLevelKind] ?? {})) delete data[field];
    out.push({ s, p: RDF_TYPE, o: iri(OMS_ELEMENT) });
    out.push({ s, p: P_ID, o: literal(e.id) });
    out.push({ s, p: P_KIND, o: literal(e.kind) });
    if (e.parentId) out.push({ s, p: P_PARENT, o: literal(e.parentId) });
    out.push({ s, p: P_DATA, o: literal(stableStringify(data)) });
    const about = iriOf(e.id);
    if (about) out.push({ s, p: P_ABOUT, o: iri(about) });
  }
  return out;
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

export function importRecords(g: RdfGraph, format: string): ImportResult {
  const report = new ReportBuilder(format, g.size, 'oms');
  const heads = g.ofType(OMS_ONTOLOGY);
  if (heads.length !== 1) throw new ModelError('IMPORT_RECORD_INVALID', `expected one oms:OntologyRecord, found ${heads.length}`);
  const head = heads[0] as string;
  g.use(head, RDF_TYPE);
  const doc: Record<string, unknown> = json(one(g, head, P_DATA), 'ontology');
  const nested: Array<{ kind: NestedKind; id: string; parent: string; data: Record<string, unknown> }> = [];
  const tops = new Map<string, Record<string, unknown>>();
  for (const s of g.ofType(OMS_ELEMENT)) {
    g.use(s, RDF_TYPE);
    g.use(s, P_ABOUT);
    const id = one(g, s, P_ID);
    const kind = one(g, s, P_KIND) as ElementKind;
    const data = json(one(g, s, P_DATA), id);
    if (TOP_KINDS.has(kind)) {
      const coll = COLLECTION_OF_KIND[kind as TopLevelKind];
      const target = (doc[coll] ??= {}) as Record<string, unknown>;
      target[id] = data;
      tops.set(id, data);
    } else if (CHILD_FIELD[kind as NestedKind]) {
      nested.push({ kind: kind as NestedKind, id, parent: one(g, s, P_PARENT), data });
    } else throw new ModelError('IMPORT_RECORD_INVALID', `oms record ${id} has unknown kind "${kind}"`);
    report.mapped(`oms:Element → ${kind}`);
  }
  for (const child of nested) {
    const parent = tops.get(child.parent);
    if (!parent) throw new ModelError('IMPORT_RECORD_INVALID', `oms record ${child.id} names a missing parent ${child.parent}`);
    const field = CHILD_FIELD[child.kind] as string;
    const map = (parent[field] ??= {}) as Record<string, unknown>;
    map[child.id] = child.data;
  }
  let redundant = 0;
  for (const u of g.unused()) redundant += u.objects.length;
  if (redundant) report.mapped('OWL view triples (redundant with the oms records, not re-read)', undefined, redundant);
  return { ontology: parseOntology(doc), report: report.finish() };
}
