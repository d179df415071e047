/**
 * Import and export service: files and text in, ontologies and artefacts out. Plain Node, used by
 * the CLI and (later) the desktop import dialog through IPC.
 */
import { basename, extname } from 'node:path';
import { errorMessage } from '../../../core/errors';
import { generate, GENERATOR_FORMATS, type GeneratorFormat } from '../../../core/formats/generators';
import type { ImportReport } from '../../../core/formats/import-report';
import { exportRdf } from '../../../core/formats/owl-export';
import { importRdf, importRdfGraph } from '../../../core/formats/owl-import';
import { RdfGraph } from '../../../core/formats/rdf-graph';
import { canonicalJson, parseOntology, type Ontology } from '../../../core/model';
import { parseJsonStrict, stripBom } from '../../../core/model/strict-json';
import { exportObo } from '../../../core/formats/obo-export';
import { InteropError } from './errors';
import { importOboText, measureAgainstSource } from './round-trip';
import { readInputText } from './input-file';
import { parseRdf, parseRdfInto, RDF_FORMATS } from './parse';
import { toJsonLd, toNTriples, toTurtle } from './serialize';

export { InteropError } from './errors';
export { RDF_FORMATS, type RdfFormat } from './parse';

export const IMPORT_FORMATS = [...RDF_FORMATS, 'obo', 'oms'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const EXPORT_FORMATS = ['turtle', 'ntriples', 'jsonld', 'obo', ...GENERATOR_FORMATS] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ImportOptions {
  format?: ImportFormat;
  /** Label language preference, best first (default ['en']). */
  lang?: readonly string[];
  /** Ontology name when the source does not name itself (default: the file name). */
  name?: string;
  baseIri?: string;
  /** Export the result to Turtle again and measure the share of the source's statements it keeps (report.roundTrip). */
  measureRoundTrip?: boolean;
}

export interface ImportOutcome {
  ontology: Ontology;
  report: ImportReport;
  format: ImportFormat;
}

const BY_EXTENSION: Record<string, ImportFormat> = {
  '.ttl': 'turtle', '.turtle': 'turtle', '.n3': 'turtle', '.trig': 'trig', '.nt': 'ntriples', '.nq': 'nquads',
  '.rdf': 'rdfxml', '.xml': 'rdfxml', '.jsonld': 'jsonld', '.json': 'oms', '.obo': 'obo',
};

export function isImportFormat(v: string): v is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(v);
}

export function isExportFormat(v: string): v is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(v);
}

/** Extension first; `.owl` files may be RDF/XML or Turtle, so those are sniffed. */
export function detectFormat(path: string, text: string): ImportFormat {
  const ext = extname(path).toLowerCase();
  const known = BY_EXTENSION[ext];
  if (known) return known;
  if (ext === '.owl') return /^\s*(<\?xml|<rdf:RDF|<!DOCTYPE)/.test(text) ? 'rdfxml' : 'turtle';
  throw new InteropError('IMPORT_UNSUPPORTED_FORMAT', `cannot tell the format of ${basename(path)} from its extension; pass --format (${IMPORT_FORMATS.join('|')})`, { path });
}

export async function importText(text: string, format: ImportFormat, options: Omit<ImportOptions, 'format'> = {}): Promise<ImportOutcome> {
  if (format === 'oms') {
    let json: unknown;
    try {
      json = parseJsonStrict(text, 'oms JSON');
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      throw new InteropError('IMPORT_PARSE_ERROR', `cannot parse oms JSON: ${errorMessage(err)}`, { format });
    }
    const ontology = parseOntology(json);
    return { ontology, format, report: { format, triples: 0, mode: 'oms', mapped: {}, unmapped: {}, synthesised: {}, warnings: [] } };
  }
  if (format === 'obo') {
    const { ontology, report, source } = importOboText(stripBom(text), options);
    if (options.measureRoundTrip) report.roundTrip = await measureAgainstSource(source, ontology);
    return { ontology, report, format };
  }
  const mapping = (prefixes: Record<string, string>) => ({
    format, prefixes,
    ...(options.lang ? { lang: options.lang } : {}),
    ...(options.name ? { name: options.name } : {}),
    ...(options.baseIri ? { baseIri: options.baseIri } : {}),
  });
  if (options.measureRoundTrip) {
    // The round trip is measured against the source's own statements, so they are kept as a list.
    const parsed = await parseRdf(stripBom(text), format, options.baseIri);
    const { ontology, report } = importRdf(parsed.triples, mapping(parsed.prefixes));
    report.roundTrip = await measureAgainstSource(parsed.triples, ontology);
    return { ontology, report, format };
  }
  // Otherwise statements go straight into the import's graph: no list of 10⁵–10⁶ triples is built and held.
  const graph = new RdfGraph();
  const prefixes = await parseRdfInto(stripBom(text), format, (s, p, o) => graph.addStatement(s, p, o), options.baseIri);
  const { ontology, report } = importRdfGraph(graph, mapping(prefixes));
  return { ontology, report, format };
}

export async function importFile(path: string, options: ImportOptions = {}): Promise<ImportOutcome> {
  // Typed errors, BOM dropped, size limit checked before reading (input-file.ts).
  const text = readInputText(path);
  const format = options.format ?? detectFormat(path, text);
  const name = options.name ?? basename(path).replace(/(\.oms)?\.[^.]+$/, '');
  return importText(text, format, { ...options, name });
}

export async function exportOntology(o: Ontology, format: ExportFormat): Promise<string> {
  if (format === 'obo') return exportObo(o);
  if (format === 'turtle' || format === 'ntriples' || format === 'jsonld') {
    const rdf = exportRdf(o);
    if (format === 'turtle') return toTurtle(rdf.triples, rdf.prefixes);
    if (format === 'ntriples') return toNTriples(rdf.triples);
    return toJsonLd(rdf.triples, rdf.prefixes);
  }
  return generate(o, format as GeneratorFormat);
}

/** Canonical JSON of an imported ontology, as `oms import -o` writes it. */
export function ontologyFileText(o: Ontology): string {
  return canonicalJson(o, { pretty: true });
}
