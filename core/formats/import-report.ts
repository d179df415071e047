import type { RoundTripMeasure } from './rdf-roundtrip';

/** What an import did: how many of each construct mapped to what, and everything it could not map. */
export interface ReportEntry {
  count: number;
  examples: string[];
}

export interface ImportReport {
  format: string;
  triples: number;
  /** 'owl' for a third-party ontology mapped by rules, 'oms' for one of our own exports read losslessly. */
  mode: 'owl' | 'oms';
  /** e.g. "owl:Class → objectType": 120 */
  mapped: Record<string, ReportEntry>;
  /** e.g. "rdfs:subPropertyOf (no property hierarchy in OMS)": 151 with examples */
  unmapped: Record<string, ReportEntry>;
  /** Generated content the source did not have (e.g. synthesised primary keys). */
  synthesised: Record<string, ReportEntry>;
  warnings: string[];
  /** Set when asked for (oms import --report): the share of the source's statements a re-export keeps. */
  roundTrip?: RoundTripMeasure;
}

const MAX_EXAMPLES = 5;
type Example = string | (() => string);

export class ReportBuilder {
  readonly report: ImportReport;

  constructor(format: string, triples: number, mode: ImportReport['mode']) {
    this.report = { format, triples, mode, mapped: {}, unmapped: {}, synthesised: {}, warnings: [] };
  }

  /** Examples may be given lazily: hot paths then build the text only for the first few. */
  private add(bucket: Record<string, ReportEntry>, key: string, example?: Example, n = 1): void {
    let e = bucket[key];
    if (!e) bucket[key] = e = { count: 0, examples: [] };
    e.count += n;
    if (example === undefined || e.examples.length >= MAX_EXAMPLES) return;
    const text = typeof example === 'function' ? example() : example;
    if (!e.examples.includes(text)) e.examples.push(text);
  }

  mapped(key: string, example?: Example, n = 1): void {
    this.add(this.report.mapped, key, example, n);
  }

  unmapped(key: string, example?: Example, n = 1): void {
    this.add(this.report.unmapped, key, example, n);
  }

  synthesised(key: string, example?: Example): void {
    this.add(this.report.synthesised, key, example);
  }

  /** Entries sorted by key so the report is as deterministic as the ontology. */
  finish(): ImportReport {
    const sort = (b: Record<string, ReportEntry>) => Object.fromEntries(Object.entries(b).sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)));
    return { ...this.report, mapped: sort(this.report.mapped), unmapped: sort(this.report.unmapped), synthesised: sort(this.report.synthesised) };
  }
}

export function formatReport(r: ImportReport): string {
  const lines = [`import (${r.format}, ${r.mode} mode): ${r.triples} triples`];
  const section = (title: string, b: Record<string, ReportEntry>) => {
    const entries = Object.entries(b);
    if (!entries.length) return;
    lines.push(`${title}:`);
    for (const [k, e] of entries) lines.push(`  ${String(e.count).padStart(6)}  ${k}${e.examples.length ? `  e.g. ${e.examples.join(', ')}` : ''}`);
  };
  section('mapped', r.mapped);
  section('synthesised', r.synthesised);
  section('not mapped', r.unmapped);
  if (r.roundTrip) {
    const rt = r.roundTrip;
    lines.push(`round trip (import → Turtle export, against the source): ${rt.kept} of ${rt.source} statements kept (${(rt.share * 100).toFixed(2)}%)`);
    if (rt.modelled) lines.push(`  of which through the model (not kept verbatim): ${rt.modelled.kept} (${(rt.modelled.share * 100).toFixed(2)}%)`);
    for (const [p, l] of Object.entries(rt.lost)) lines.push(`  lost ${String(l.count).padStart(6)}  ${p}  e.g. ${l.examples.join(', ')}`);
  }
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
