/**
 * Text in an RDF syntax → core's plain Triple model. Parsers are maintained libraries: n3 (Turtle,
 * TriG, N-Triples, N-Quads), rdfxml-streaming-parser (RDF/XML), jsonld (JSON-LD → N-Quads → n3).
 * Graph names are ignored: the OWL mapping works on the merged default graph.
 */
import jsonld from 'jsonld';
import { Parser, type Quad, type Term as N3Term } from 'n3';
import type { DataFactory } from '@rdfjs/types';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { errorMessage } from '../../../core/errors';
import { parseJsonStrict } from '../../../core/model/strict-json';
import { NS, RDF_LANG_STRING, XSD_STRING, type Term, type Triple } from '../../../core/formats/rdf';
import { InteropError } from './errors';

export const RDF_FORMATS = ['turtle', 'trig', 'ntriples', 'nquads', 'rdfxml', 'jsonld'] as const;
export type RdfFormat = (typeof RDF_FORMATS)[number];

export interface ParsedRdf {
  triples: Triple[];
  prefixes: Record<string, string>;
}

/** Where parsed statements go: into a list (parseRdf) or straight into a graph (parseRdfInto). */
export type StatementSink = (s: Term, p: string, o: Term) => void;

const RDF_DIR_LANG_STRING = `${NS.rdf}dirLangString`;

/** What is read of an RDF/JS literal (rdfxml-streaming-parser's). */
interface RdfJsLiteral {
  value: string;
  language: string;
  datatype: { value: string };
}

const N3_FORMAT: Record<Exclude<RdfFormat, 'rdfxml' | 'jsonld'>, string> = {
  turtle: 'text/turtle', trig: 'application/trig', ntriples: 'application/n-triples', nquads: 'application/n-quads',
};

/**
 * RDF/JS quads of the RDF/XML parser → triples (n3 builds ours itself, see N3TermFactory). IRI and
 * blank terms are interned as there; quoted triples (RDF-star) are refused.
 */
class TripleMaker {
  private readonly iris = new Map<string, Term>();
  /** Blank nodes too: an OBO axiom or restriction node is the subject of 4–6 statements. */
  private readonly blanks = new Map<string, Term>();

  private iri(v: string): Term {
    let t = this.iris.get(v);
    if (!t) this.iris.set(v, (t = { t: 'iri', v }));
    return t;
  }

  private blank(v: string): Term {
    let t = this.blanks.get(v);
    if (!t) this.blanks.set(v, (t = { t: 'blank', v }));
    return t;
  }

  private term(t: N3Term): Term {
    switch (t.termType) {
      case 'NamedNode': return this.iri(t.value);
      case 'BlankNode': return this.blank(t.value);
      case 'Literal': {
        const lit = t as RdfJsLiteral;
        return { t: 'literal', v: lit.value, lang: lit.language, dt: lit.datatype.value };
      }
      default: throw new InteropError('IMPORT_UNSUPPORTED_CONSTRUCT', `unsupported RDF term (${t.termType})`);
    }
  }

  /**
   * n3 hands the statements of one `;` / `,` group over with the same subject (and predicate)
   * object: those are mapped once, not looked up again in maps of 10⁵ IRIs.
   */
  private lastSubject: N3Term | undefined;
  private lastSubjectTerm: Term | undefined;
  private lastPredicate: N3Term | undefined;
  private lastPredicateIri = '';
  /**
   * Predicates apart from the other IRIs: a document uses a few dozen, and nearly every statement
   * looks one up (a `;` list changes it each time), in a map that stays in cache; the map of every
   * IRI (10⁵ at OBO scale) does not.
   */
  private readonly predicates = new Map<string, string>();

  /** Predicates interned too: the graph holds one per (subject, predicate), and n3 builds a new string for each. */
  emit(q: Quad, sink: StatementSink): void {
    if (q.subject !== this.lastSubject) {
      this.lastSubject = q.subject;
      this.lastSubjectTerm = this.term(q.subject);
    }
    if (q.predicate !== this.lastPredicate) {
      this.lastPredicate = q.predicate;
      const v = q.predicate.value;
      let p = this.predicates.get(v);
      if (p === undefined) this.predicates.set(v, (p = v));
      this.lastPredicateIri = p;
    }
    sink(this.lastSubjectTerm as Term, this.lastPredicateIri, this.term(q.object));
  }
}

/**
 * Our terms as n3's terms: n3 builds its statements from the factory it is given, so the import's
 * terms come out of the parser itself instead of being read off n3's (whose `value` and literal
 * getters re-scan ids n3 first concatenated, and whose predicate and subject terms we looked up
 * again by string). What n3 reads of a term (`termType`, `value`, `id`) is on the prototypes, so
 * each term holds the same fields as core's plain ones.
 */
class IriTerm {
  // Fields in core's order (t, then v …): JSON of a term reads the same as of core's plain ones.
  readonly t = 'iri' as const;
  readonly v: string;
  constructor(v: string) {
    this.v = v;
  }
  get termType(): 'NamedNode' { return 'NamedNode'; }
  get value(): string { return this.v; }
  get id(): string { return this.v; }
}

class BlankTerm {
  readonly t = 'blank' as const;
  readonly v: string;
  constructor(v: string) {
    this.v = v;
  }
  get termType(): 'BlankNode' { return 'BlankNode'; }
  get value(): string { return this.v; }
  get id(): string { return `_:${this.v}`; }
}

class LiteralTerm {
  readonly t = 'literal' as const;
  readonly v: string;
  readonly lang: string;
  readonly dt: string;
  constructor(v: string, lang: string, dt: string) {
    this.v = v;
    this.lang = lang;
    this.dt = dt;
  }
  get termType(): 'Literal' { return 'Literal'; }
  get value(): string { return this.v; }
  get id(): string { return this.lang ? `"${this.v}"@${this.lang}` : `"${this.v}"^^${this.dt}`; }
}

/** n3's statement: only handed to our callback, which takes its three terms. */
interface FactoryQuad {
  termType: 'Quad';
  subject: unknown;
  predicate: unknown;
  object: unknown;
}

const DEFAULT_GRAPH = { termType: 'DefaultGraph', value: '', id: '' } as const;
const isTerm = (x: unknown): x is Term => x instanceof IriTerm || x instanceof BlankTerm || x instanceof LiteralTerm;

/**
 * IRIs and labelled blank nodes are interned (one shared object per IRI: an OBO-style ontology
 * names each class ~10 times); an anonymous blank node is a new term each time n3 asks for one.
 */
class N3TermFactory {
  private readonly iris = new Map<string, IriTerm>();
  private readonly blanks = new Map<string, BlankTerm>();
  private anonymous = 0;

  namedNode(v: string): IriTerm {
    let t = this.iris.get(v);
    if (!t) this.iris.set(v, (t = new IriTerm(v)));
    return t;
  }

  blankNode(name?: string): BlankTerm {
    if (name === undefined) return new BlankTerm(`n3-${this.anonymous++}`);
    let t = this.blanks.get(name);
    if (!t) this.blanks.set(name, (t = new BlankTerm(name)));
    return t;
  }

  /** As n3's own: a language tag is lower-cased; a base direction makes it rdf:dirLangString. */
  literal(v: string, langOrDatatype?: string | { language: string; direction?: string } | IriTerm): LiteralTerm {
    if (langOrDatatype === undefined) return new LiteralTerm(v, '', XSD_STRING);
    if (typeof langOrDatatype === 'string') return new LiteralTerm(v, langOrDatatype.toLowerCase(), RDF_LANG_STRING);
    if (langOrDatatype instanceof IriTerm) return new LiteralTerm(v, '', langOrDatatype.v);
    return new LiteralTerm(v, langOrDatatype.language.toLowerCase(), langOrDatatype.direction ? RDF_DIR_LANG_STRING : RDF_LANG_STRING);
  }

  variable(): never {
    throw new InteropError('IMPORT_UNSUPPORTED_CONSTRUCT', 'unsupported RDF term (Variable)');
  }

  defaultGraph(): typeof DEFAULT_GRAPH {
    return DEFAULT_GRAPH;
  }

  quad(subject: unknown, predicate: unknown, object: unknown): FactoryQuad {
    return { termType: 'Quad', subject, predicate, object };
  }
}

function parseError(format: string, err: unknown): InteropError {
  const message = errorMessage(err);
  const ctx = (err as { context?: { line?: number } }).context;
  // rdfxml-streaming-parser reports "Line L column C: …", its sax layer "L:C: …".
  const xml = /^Line (\d+) column (\d+): /.exec(message) ?? /^(\d+):(\d+): /.exec(message);
  const line = ctx?.line ?? (xml ? Number(xml[1]) : undefined);
  const column = xml ? Number(xml[2]) : undefined;
  const where = line === undefined ? '' : ` at line ${line}${column === undefined ? '' : `, column ${column}`}`;
  return new InteropError('IMPORT_PARSE_ERROR', `cannot parse ${format}${where}: ${xml ? message.slice(xml[0].length) : message}`, {
    format, ...(line === undefined ? {} : { line }), ...(column === undefined ? {} : { column }),
  }, { cause: err });
}

/**
 * Streamed: with a quad callback n3 hands over each statement as it is read, instead of first
 * collecting every token of the document (which the prefix callback alone would make it do) and
 * then every quad; only our own triples are kept.
 */
function parseN3(text: string, format: keyof typeof N3_FORMAT, sink: StatementSink, baseIRI?: string): Promise<Record<string, string>> {
  const prefixes: Record<string, string> = {};
  const factory = new N3TermFactory();
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown) => {
      failed = true;
      reject(err);
    };
    try {
      // The factory's terms are n3's only through the methods n3 calls; typed as RDF/JS's at this one boundary.
      new Parser({ format: N3_FORMAT[format], factory: factory as unknown as DataFactory, ...(baseIRI ? { baseIRI } : {}) }).parse(text, {
        onQuad: (err: Error | null, q: Quad | null) => {
          if (failed) return;
          if (err) fail(parseError(format, err));
          else if (!q) resolve(prefixes);
          else {
            const { subject, predicate, object } = q as unknown as FactoryQuad;
            // A quoted triple (RDF-star) as subject or object is n3's quad, not one of our terms.
            if (!isTerm(subject) || !isTerm(object) || !(predicate instanceof IriTerm)) fail(new InteropError('IMPORT_UNSUPPORTED_CONSTRUCT', 'unsupported RDF term (Quad)'));
            else {
              try {
                sink(subject, predicate.v, object);
              } catch (e) {
                fail(e);
              }
            }
          }
        },
        onPrefix: (prefix: string, ns: { value: string }) => {
          prefixes[prefix] = ns.value;
        },
      });
    } catch (err) {
      fail(parseError(format, err));
    }
  });
}

function parseRdfXml(text: string, sink: StatementSink, baseIRI?: string): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const maker = new TripleMaker();
    const parser = new RdfXmlParser({ trackPosition: true, ...(baseIRI ? { baseIRI } : {}) });
    parser.on('data', (q: Quad) => maker.emit(q, sink));
    parser.on('error', (err: unknown) => reject(err instanceof InteropError ? err : parseError('rdfxml', err)));
    parser.on('end', () => resolve(xmlnsPrefixes(text)));
    parser.end(text);
  });
}

/** The parser emits no prefix events: take the xmlns declarations of the document element. */
function xmlnsPrefixes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const root = /<([A-Za-z_][\w.-]*:)?RDF\b[^>]*>/.exec(text)?.[0] ?? '';
  for (const m of root.matchAll(/xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g)) out[m[1] as string] = m[2] as string;
  return out;
}

/** JSON-LD must be self-contained: a remote @context would need the network, which imports never use. */
const offlineLoader = (url: string): Promise<never> =>
  Promise.reject(new InteropError('IMPORT_REMOTE_CONTEXT', `JSON-LD refers to a remote context (${url}); inline it or convert the file first`, { url }));

async function parseJsonLd(text: string, sink: StatementSink, baseIRI?: string): Promise<Record<string, string>> {
  let doc: unknown;
  try {
    doc = parseJsonStrict(text, 'JSON-LD');
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw parseError('jsonld', err);
  }
  let nquads: string;
  try {
    nquads = (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
      format: 'application/n-quads', documentLoader: offlineLoader, ...(baseIRI ? { base: baseIRI } : {}),
    })) as unknown as string;
  } catch (err) {
    const inner = (err as { details?: { cause?: unknown } }).details?.cause;
    if (inner instanceof InteropError) throw inner;
    if (err instanceof InteropError) throw err;
    throw parseError('jsonld', err);
  }
  await parseN3(nquads, 'nquads', sink);
  return contextPrefixes(doc);
}

/** Prefix-like terms (values ending in / or #) of a document's top-level @context. */
function contextPrefixes(doc: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const ctxs = [(doc as { '@context'?: unknown } | null)?.['@context']].flat();
  for (const ctx of ctxs) {
    if (!ctx || typeof ctx !== 'object') continue;
    for (const [k, v] of Object.entries(ctx as Record<string, unknown>)) {
      if (typeof v === 'string' && !k.startsWith('@') && /[#/]$/.test(v)) out[k] = v;
    }
  }
  return out;
}

export async function parseRdf(text: string, format: RdfFormat, baseIRI?: string): Promise<ParsedRdf> {
  const triples: Triple[] = [];
  const prefixes = await parseRdfInto(text, format, (s, p, o) => triples.push({ s, p, o }), baseIRI);
  return { triples, prefixes };
}

/** Parses into `sink`, statement by statement (nothing is collected); resolves to the declared prefixes. */
export function parseRdfInto(text: string, format: RdfFormat, sink: StatementSink, baseIRI?: string): Promise<Record<string, string>> {
  switch (format) {
    case 'rdfxml': return parseRdfXml(text, sink, baseIRI);
    case 'jsonld': return parseJsonLd(text, sink, baseIRI);
    default: return parseN3(text, format, sink, baseIRI);
  }
}
