/** core's Triple model → Turtle / N-Triples (n3 Writer) and JSON-LD (jsonld.fromRDF + compact). */
import jsonld from 'jsonld';
import { DataFactory, Writer, type Quad } from 'n3';
import { errorMessage } from '../../../core/errors';
import { nodeKey, type Term, type Triple } from '../../../core/formats/rdf';
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

export async function toJsonLd(triples: readonly Triple[], prefixes: Record<string, string>): Promise<string> {
  const expanded = await jsonld.fromRDF(toNTriples(triples), { format: 'application/n-quads' });
  const compacted = await jsonld.compact(expanded, prefixes);
  return `${JSON.stringify(compacted, null, 2)}\n`;
}
