import type { Ontology } from '../model';

export const GENERATOR_FORMATS = ['jsonschema', 'graphql', 'openapi', 'typescript'] as const;
export type GeneratorFormat = (typeof GENERATOR_FORMATS)[number];

export function generate(_o: Ontology, _format: GeneratorFormat): string {
  return '';
}
