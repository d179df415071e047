/**
 * Deterministic apiNames from IRIs (and other free text): split the local name into words,
 * join them Pascal- or camelCase, and resolve collisions with numeric suffixes in a caller-fixed
 * order, so the same input always yields the same names.
 */
import { localName } from './rdf';

/** ASCII only: NFD, accent and ß replacement change nothing (an OBO id, most IRIs), and normalize() is the costly step. */
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Text either case-boundary replacement below would change. Without it (an OBO id such as
 * GEN_0000123, a lower-case name) both passes copy nothing: one test instead of two scans.
 */
const CASE_BOUNDARY = /[a-z0-9][A-Z]|[A-Z][A-Z][a-z]/;

function words(text: string): string[] {
  const folded = !NON_ASCII.test(text) ? text : text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // "Über" → "Uber": keep the letter, drop the accent
    .replace(/ß/g, 'ss');
  const spaced = !CASE_BOUNDARY.test(folded) ? folded : folded
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return spaced.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

function join(parts: string[], upperFirst: boolean): string {
  return parts
    .map((w, i) => {
      // Keep acronyms and mixed case inside words as written (e.g. "URL", "3DModel").
      // camelCase lowers a leading acronym whole: "URLTemplate" → "urlTemplate", not "uRLTemplate".
      if (i === 0 && !upperFirst) return /^[A-Z0-9]+$/.test(w) ? w.toLowerCase() : (w[0] as string).toLowerCase() + w.slice(1);
      return (w[0] as string).toUpperCase() + w.slice(1);
    })
    .join('');
}

/** PascalCase identifier starting with a letter: "3DModel" → "X3DModel", "has-part" → "HasPart". */
export function pascalName(text: string): string {
  const out = join(words(text), true);
  if (!out) return 'X';
  return /^[A-Za-z]/.test(out) ? out : `X${out}`;
}

/** camelCase identifier starting with a lower-case letter. */
export function camelName(text: string): string {
  const out = join(words(text), false);
  if (!out) return 'x';
  return /^[A-Za-z]/.test(out) ? out : `x${out}`;
}

export const pascalFromIri = (iriValue: string): string => pascalName(localName(iriValue));
export const camelFromIri = (iriValue: string): string => camelName(localName(iriValue));

/** Hands out unique names within one scope: the first claimant keeps the base, later ones get 2, 3, … */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r.toLowerCase());
  }

  /** Case-insensitive uniqueness: targets like TypeScript files or GraphQL tools may fold case. */
  claim(wanted: string): string {
    const base = wanted.slice(0, 90); // apiNames are at most 100 characters, suffix included
    let name = base;
    for (let i = 2; this.taken.has(name.toLowerCase()); i++) name = `${base}${i}`;
    this.taken.add(name.toLowerCase());
    return name;
  }
}
