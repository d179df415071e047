/** core's Triple model → Turtle / N-Triples (n3 Writer) and JSON-LD (jsonld.fromRDF + compact). */
import { DataFactory, Writer, type Quad } from 'n3';
import { errorMessage } from '../../../core/errors';
import { curie, nodeKey, RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, XSD_STRING, type Term, type Triple } from '../../../core/formats/rdf';
import { InteropError } from './errors';

const { namedNode, blankNode, literal, quad } = DataFactory;

function n3Term(t: Term) {
  if (t.t === 'iri') return namedNode(t.v);
  if (t.t === 'blank') return blankNode(t.v);
  return t.lang ? literal(t.v, t.lang) : literal(t.v, namedNode(t.dt));
}

/**
 * Turtle for people: blank nodes referenced exactly once are written inline, RDF lists as `( … )`
 * and other blank nodes (facets) as `[ … ]`, the way Protégé and hand-written OWL read.
 */
function writeTurtle(writer: Writer, triples: readonly Triple[]): void {
  const refs = new Map<string, number>();
  const blankProps = new Map<string, Triple[]>();
  for (const t of triples) {
    if (t.o.t === 'blank') refs.set(t.o.v, (refs.get(t.o.v) ?? 0) + 1);
    if (t.s.t === 'blank') (blankProps.get(t.s.v) ?? blankProps.set(t.s.v, []).get(t.s.v) as Triple[]).push(t);
  }
  const inlined = new Set<string>();
  const object = (o: Term): Quad['object'] => {
    if (o.t !== 'blank' || refs.get(o.v) !== 1 || inlined.has(o.v) || !blankProps.has(o.v)) return n3Term(o) as Quad['object'];
    inlined.add(o.v);
    const props = blankProps.get(o.v) as Triple[];
    const items = listItems(o, blankProps, refs);
    if (items) {
      for (const node of items.nodes) inlined.add(node);
      return writer.list(items.values.map(object)) as unknown as Quad['object'];
    }
    return writer.blank(props.map((t) => ({ predicate: namedNode(t.p), object: object(t.o) })));
  };
  for (const t of sortBySubject(triples)) {
    if (t.s.t === 'blank' && refs.get(t.s.v) === 1) continue; // written where it is used
    writer.addQuad(quad(n3Term(t.s) as Quad['subject'], namedNode(t.p), object(t.o)));
  }
}

/** A well-formed list whose nodes carry only rdf:first/rdf:rest and are each referenced once. */
function listItems(head: Term, props: Map<string, Triple[]>, refs: Map<string, number>): { values: Term[]; nodes: string[] } | undefined {
  const values: Term[] = [];
  const nodes: string[] = [];
  let node = head;
  while (!(node.t === 'iri' && node.v === RDF_NIL)) {
    if (node.t !== 'blank' || refs.get(node.v) !== 1 || nodes.includes(node.v)) return undefined;
    const ps = props.get(node.v) ?? [];
    const first = ps.filter((t) => t.p === RDF_FIRST);
    const rest = ps.filter((t) => t.p === RDF_REST);
    if (ps.length !== 2 || first.length !== 1 || rest.length !== 1) return undefined;
    nodes.push(node.v);
    values.push((first[0] as Triple).o);
    node = (rest[0] as Triple).o;
  }
  return { values, nodes };
}

/** Stable sort by subject groups each resource's statements into one block; named resources (the OWL view people read) come before blank nodes (oms records). */
function sortBySubject(triples: readonly Triple[]): Triple[] {
  const sortKey = (t: Term) => `${t.t === 'blank' ? '1' : '0'}${nodeKey(t)}`;
  return [...triples].sort((a, b) => {
    const ka = sortKey(a.s);
    const kb = sortKey(b.s);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

function toQuads(triples: readonly Triple[]): Quad[] {
  return sortBySubject(triples).map((t) => quad(n3Term(t.s) as Quad['subject'], namedNode(t.p), n3Term(t.o) as Quad['object']));
}

function write(triples: readonly Triple[], format: string, prefixes?: Record<string, string>): string {
  const writer = new Writer({ format, ...(prefixes ? { prefixes } : {}) });
  if (format === 'text/turtle') writeTurtle(writer, triples);
  else writer.addQuads(toQuads(triples));
  let out = '';
  writer.end((err, result: string) => {
    if (err) throw new InteropError('EXPORT_FAILED', `cannot write ${format}: ${errorMessage(err)}`);
    out = result;
  });
  return out;
}

export function toTurtle(triples: readonly Triple[], prefixes: Record<string, string>): string {
  return write(triples, 'text/turtle', prefixes);
}

export function toNTriples(triples: readonly Triple[]): string {
  return write(triples, 'application/n-triples');
}

/**
 * Flattened JSON-LD written directly (one node object per subject, keys as prefixed names of the
 * @context): linear time, where jsonld.fromRDF + compact took seconds on mid-sized vocabularies.
 * Reading it back goes through jsonld.toRDF, so validity is checked by the reference library.
 */
export function toJsonLd(triples: readonly Triple[], prefixes: Record<string, string>): string {
  const compact = (v: string) => {
    const c = curie(v, prefixes);
    return c.startsWith('<') || c.slice(c.indexOf(':') + 1).startsWith('//') ? v : c;
  };
  const nodes = new Map<string, Record<string, unknown>>();
  for (const t of triples) {
    const id = t.s.t === 'blank' ? `_:${t.s.v}` : compact(t.s.v);
    let node = nodes.get(id);
    if (!node) nodes.set(id, (node = { '@id': id }));
    if (t.p === RDF_TYPE && t.o.t === 'iri') {
      ((node['@type'] ??= []) as string[]).push(compact(t.o.v));
      continue;
    }
    const o = t.o;
    const value = o.t === 'iri' ? { '@id': compact(o.v) } : o.t === 'blank' ? { '@id': `_:${o.v}` }
      : o.lang ? { '@value': o.v, '@language': o.lang } : o.dt === XSD_STRING ? { '@value': o.v } : { '@value': o.v, '@type': compact(o.dt) };
    ((node[compact(t.p)] ??= []) as unknown[]).push(value);
  }
  const graph = [...nodes.values()].sort((a, b) => {
    const ka = `${String(a['@id']).startsWith('_:') ? '1' : '0'}${String(a['@id'])}`;
    const kb = `${String(b['@id']).startsWith('_:') ? '1' : '0'}${String(b['@id'])}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return `${JSON.stringify({ '@context': prefixes, '@graph': graph }, null, 2)}\n`;
}
