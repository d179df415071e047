/**
 * importText parses statements straight into the import's graph (no list of triples); with
 * --report it keeps the list for the round trip. Both must map to the same ontology and report,
 * also for our own exports, whose oms records are moved out of the graph before mapping.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRdf } from '../../../core/formats/owl-import';
import { canonicalJson } from '../../../core/model';
import { exportOntology, importFile, importText } from '../../../main/services/interop';
import { parseRdf } from '../../../main/services/interop/parse';
import { FIXTURES } from './support';

async function both(text: string) {
  const streamed = await importText(text, 'ntriples', { name: 'library' });
  const parsed = await parseRdf(text, 'ntriples');
  const listed = importRdf(parsed.triples, { format: 'ntriples', prefixes: parsed.prefixes, name: 'library' });
  return { streamed, listed, statements: parsed.triples.length };
}

describe('streamed import', async () => {
  const source = await importFile(join(FIXTURES, 'library.ttl'));
  // A native edit the OWL view cannot say, so the export carries element records besides the header.
  const edited = structuredClone(source.ontology);
  const first = Object.values(edited.objectTypes)[0];
  if (first) first.pluralDisplayName = 'Many of them';
  const exported = await exportOntology(edited, 'ntriples');

  it('maps a third-party file like the list of its triples', async () => {
    const { streamed, listed } = await both(await exportOntology(source.ontology, 'ntriples'));
    expect(canonicalJson(streamed.ontology)).toBe(canonicalJson(listed.ontology));
    expect(streamed.report).toEqual(listed.report);
  });

  it('moves oms records out of the graph and counts their statements, duplicates included', async () => {
    const lines = exported.trimEnd().split('\n');
    const record = lines.find((l) => l.includes('https://oms-studio.dev/ns#data'));
    expect(record).toBeDefined();
    // The same record statement twice: the report counts statements as read, as the list did.
    const text = [...lines, record as string].join('\n');
    const { streamed, listed, statements } = await both(text);
    expect(streamed.report.mode).toBe('oms');
    expect(streamed.report.mapped['oms records: elements restored exactly']?.count).toBeGreaterThan(0);
    expect(streamed.report).toEqual(listed.report);
    expect(canonicalJson(streamed.ontology)).toBe(canonicalJson(listed.ontology));
    expect(canonicalJson(streamed.ontology)).toBe(canonicalJson(edited));
    expect(streamed.report.triples).toBe(statements); // the repeated record statement is counted too
  });
});
