/** Annotation sanity on every element and the ontology: keys, language tags, exclusive fields. */
import type { Annotations } from '../model';
import { elementPath, type Path, type ValidationContext } from './context';

/** xsd:language, the shape RDF and OBO accept for a BCP 47 tag (well-formedness, not registry lookup). */
const LANGUAGE_TAG = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;
const LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

export function checkAnnotations(ctx: ValidationContext): void {
  checkOne(ctx, ctx.ontology.annotations, ['annotations']);
  for (const e of ctx.elements) {
    const annotations = e.value.annotations as Annotations | undefined;
    if (annotations !== undefined) checkOne(ctx, annotations, [...elementPath(e), 'annotations']);
  }
}

function checkOne(ctx: ValidationContext, annotations: Annotations | undefined, base: Path): void {
  if (annotations === undefined) return;
  for (const [key, values] of Object.entries(annotations)) {
    const path = [...base, key];
    if (key.trim() === '') ctx.report('ANNOTATION_KEY_EMPTY', path, `annotation key ${JSON.stringify(key)} is empty; use a short name (definition, synonym, …) or an IRI`);
    values.forEach((v, i) => {
      if (v.lang !== undefined && !LANGUAGE_TAG.test(v.lang)) {
        ctx.report('ANNOTATION_LANG_INVALID', [...path, String(i), 'lang'], `language tag ${JSON.stringify(v.lang)} is not a well-formed BCP 47 tag (e.g. en, en-GB, pt-BR)`);
      }
      const clash = v.kind === 'iri' && v.lang !== undefined ? 'an IRI has no language'
        : v.kind === 'iri' && v.datatype !== undefined ? 'an IRI has no datatype'
          : v.lang !== undefined && v.datatype !== undefined && v.datatype !== LANG_STRING ? `a language-tagged literal is rdf:langString, not ${v.datatype}`
            : undefined;
      if (clash) ctx.report('ANNOTATION_VALUE_INCONSISTENT', [...path, String(i)], `annotation ${key} value ${JSON.stringify(v.value.slice(0, 60))}: ${clash}`);
    });
  }
}
