/** Guess an import format from the file name, then from the first bytes (what a person would check). */
import type { ImportFormat } from '../../../../core/contract/studio-api';

const BY_EXTENSION: Record<string, ImportFormat> = {
  ttl: 'turtle', turtle: 'turtle', trig: 'trig', nt: 'ntriples', nq: 'nquads', rdf: 'rdfxml', owl: 'rdfxml', xml: 'rdfxml', jsonld: 'jsonld',
};

export function detectFormat(fileName: string, text: string): ImportFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.oms.json')) return 'oms';
  const ext = lower.split('.').pop() ?? '';
  const byExt = BY_EXTENSION[ext];
  const head = text.slice(0, 2000).trimStart();
  if (ext === 'owl' && !head.startsWith('<')) return 'turtle';
  if (byExt) return byExt;
  if (head.startsWith('<?xml') || head.startsWith('<rdf:RDF')) return 'rdfxml';
  if (head.startsWith('{') || head.startsWith('[')) return /"format"\s*:\s*"oms\/1"/.test(head) ? 'oms' : 'jsonld';
  return 'turtle';
}

/** A workspace name the store accepts, from a file name: `pizza.owl` → `pizza`. */
export function workspaceNameFor(fileName: string): string {
  const base = fileName.replace(/\.oms\.json$/i, '').replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (base || 'imported').slice(0, 64);
}
