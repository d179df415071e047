/** core's Triple model → Turtle / N-Triples (n3 Writer) and JSON-LD (jsonld.fromRDF + compact). */
import { DataFactory, Writer, type Quad } from 'n3';
import { errorMessage } from '../../../core/errors';
import { curie, nodeKey, RDF_TYPE, XSD_STRING, type Term, type Triple } from '../../../core/formats/rdf';
import { InteropError } from './errors';

const { namedNode, blankNode, literal, quad } = DataFactory;

function n3Term(t: Term) {
  if (t.t === 'iri') return namedNode(t.v);
  if (t.t === 'blank') return blankNode(t.v);
  return t.lang ? literal(t.v, t.lang) : literal(t.v, namedNode(t.dt));
}

function toQuads(triples: readonly Triple[]): Quad[] {
  // Stable sort by subject groups each resource's statements into one Turtle block; named
  // resources (the OWL view people read) come before blank nodes (lists, oms records).
  const sortKey = (t: Term) => `${t.t === 'blank' ? '1' : '0'}${nodeKey(t)}`;
  const sorted = [...triples].sort((a, b) => {
    const ka = sortKey(a.s);
    const kb = sortKey(b.s);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return sorted.map((t) => quad(n3Term(t.s) as Quad['subject'], namedNode(t.p), n3Term(t.o) as Quad['object']));
}

function write(triples: readonly Triple[], format: string, prefixes?: Record<string, string>): string {
  const writer = new Writer({ format, ...(prefixes ? { prefixes } : {}) });
  writer.addQuads(toQuads(triples));
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
