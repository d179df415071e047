/**
 * Annotations: the typed, language-tagged statements ontologies make about their elements
 * (definitions, synonyms with a scope, cross-references, comments, see-also, editorial notes,
 * deprecation replacements, or any annotation property by IRI).
 *
 * `annotations` maps a key to a list of values. A key is either a short name (ANNOTATION_SHORT_NAMES,
 * what the UI and the OBO format speak) or the full IRI of an annotation property. The list is a
 * SET: its canonical order is sorted and duplicates collapse, so two people adding synonyms merge
 * by union and the same content always gives the same bytes. Schemas check shape only; empty keys
 * and malformed language tags are validation diagnostics (ANNOTATION_*), so a file holding them can
 * still be loaded and repaired.
 */
import { z } from 'zod';

/** Short keys with a fixed meaning; interop maps each to its RDF/OBO counterpart. */
export const ANNOTATION_SHORT_NAMES = [
  'label', 'definition', 'synonym', 'xref', 'comment', 'seeAlso', 'editorialNote', 'replacedBy', 'consider',
  'example', 'source', 'deprecated',
] as const;

export const SynonymScope = z.enum(['EXACT', 'BROAD', 'NARROW', 'RELATED']);

export const AnnotationValue = z.strictObject({
  value: z.string().max(100_000),
  /** BCP 47 language tag of a literal (checked by validation, kept as written). */
  lang: z.string().max(64).optional(),
  /** Absent means 'literal'; 'iri' for values that name a resource (seeAlso, replacedBy, …). */
  kind: z.enum(['literal', 'iri']).optional(),
  /** Datatype IRI of a typed literal (absent: plain string or language-tagged). */
  datatype: z.string().max(2000).optional(),
  /** Synonym scope (OBO `EXACT`/`BROAD`/`NARROW`/`RELATED`, oboInOwl has*Synonym). */
  scope: SynonymScope.optional(),
  /** Cross-references backing this value (OBO `def: "…" [PMID:1]`), a set. */
  xrefs: z.array(z.string().max(2000)).optional(),
});

/**
 * An annotation key. `__proto__` is refused where we can (edits): zod drops that key from records
 * while parsing, before any key check runs, so a value stored under it would vanish on the next read.
 */
export const AnnotationKey = z.string().max(2000).refine((k) => k !== '__proto__', 'annotation key "__proto__" is reserved');
export const Annotations = z.record(AnnotationKey, z.array(AnnotationValue));

export type SynonymScope = z.infer<typeof SynonymScope>;
export type AnnotationValue = z.infer<typeof AnnotationValue>;
export type Annotations = z.infer<typeof Annotations>;

/** One value in canonical shape: `kind: 'literal'` is the default and dropped, xrefs sorted and unique. */
export function normalizeAnnotationValue(v: AnnotationValue): AnnotationValue {
  const out: AnnotationValue = { value: v.value };
  if (v.lang !== undefined) out.lang = v.lang;
  if (v.kind === 'iri') out.kind = 'iri';
  if (v.datatype !== undefined) out.datatype = v.datatype;
  if (v.scope !== undefined) out.scope = v.scope;
  if (v.xrefs !== undefined && v.xrefs.length > 0) out.xrefs = [...new Set(v.xrefs)].sort();
  return out;
}

/**
 * Identity of a normalized value: equal content ⇔ equal key. Fixed field order (not JSON of the
 * object) so it does not depend on how the value was built. Used for dedupe, merge and as the
 * member key in the Yjs layout.
 */
export function annotationValueKey(v: AnnotationValue): string {
  return JSON.stringify([v.value, v.lang ?? null, v.kind ?? null, v.datatype ?? null, v.scope ?? null, v.xrefs ?? null]);
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Values sorted by text, then language, then the rest; duplicates removed. */
export function canonicalAnnotationValues(values: readonly AnnotationValue[]): AnnotationValue[] {
  // Most lists hold one value (a definition, a label): nothing to sort or de-duplicate.
  if (values.length === 1) return [normalizeAnnotationValue(values[0] as AnnotationValue)];
  const byKey = new Map<string, AnnotationValue>();
  for (const v of values) {
    const n = normalizeAnnotationValue(v);
    byKey.set(annotationValueKey(n), n);
  }
  return [...byKey.entries()]
    .sort(([ka, a], [kb, b]) => compareStrings(a.value, b.value) || compareStrings(a.lang ?? '', b.lang ?? '') || compareStrings(ka, kb))
    .map(([, v]) => v);
}

/** Canonical annotations, or undefined when there are none (so empty annotations leave no trace in canonical JSON). */
export function canonicalAnnotations(a: Annotations | undefined): Annotations | undefined {
  if (a === undefined) return undefined;
  const entries: Array<[string, AnnotationValue[]]> = [];
  for (const key of Object.keys(a).sort()) {
    const values = a[key] as AnnotationValue[];
    if (values.length > 0) entries.push([key, canonicalAnnotationValues(values)]);
  }
  // fromEntries, not assignment: a key `__proto__` must stay a key, not replace the prototype.
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
