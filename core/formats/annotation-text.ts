/**
 * Annotations rendered for targets that carry them as text: GraphQL descriptions and TypeScript
 * JSDoc. Schema targets (JSON Schema, OpenAPI) keep them as data under `x-oms-annotations`.
 */
import type { AnnotationValue, Annotations } from '../model';

export const ANNOTATIONS_KEYWORD = 'x-oms-annotations';

function valueText(v: AnnotationValue): string {
  const text = v.kind === 'iri' ? `<${v.value}>` : v.value;
  return `${text}${v.lang ? ` @${v.lang}` : ''}${v.xrefs?.length ? ` [${v.xrefs.join(', ')}]` : ''}`;
}

/** One line per value: `definition: A part of an organism. [PMID:1]`, `synonym (EXACT): organum @la`. */
export function annotationLines(a: Annotations | undefined): string[] {
  if (!a) return [];
  return Object.keys(a).sort().flatMap((key) => (a[key] ?? []).map((v) => `${key}${v.scope ? ` (${v.scope})` : ''}: ${valueText(v).replace(/\s*\n\s*/g, ' ')}`));
}

/** Text followed by the annotation lines (a blank line between), or the text alone. */
export function withAnnotations(text: string, a: Annotations | undefined): string {
  const lines = annotationLines(a);
  if (lines.length === 0) return text;
  return text ? `${text}\n\n${lines.join('\n')}` : lines.join('\n');
}

/** JSDoc tags: `@definition …`, `@synonym (EXACT) …`, `@see <url>` for seeAlso; IRI keys as `@annotation <iri> …`. */
export function jsdocTags(a: Annotations | undefined): string[] {
  if (!a) return [];
  return Object.keys(a).sort().flatMap((key) => (a[key] ?? []).map((v) => {
    const text = valueText(v).replace(/\s*\n\s*/g, ' ');
    if (key === 'seeAlso') return `@see ${v.kind === 'iri' ? v.value : text}`;
    const tag = /^[A-Za-z][A-Za-z0-9]*$/.test(key) ? `@${key}` : `@annotation ${key}`;
    return `${tag}${v.scope ? ` (${v.scope})` : ''} ${text}`;
  }));
}
