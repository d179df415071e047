/** The artefact generators behind `oms export <format>`: each maps an ontology to one text. */
import type { Ontology } from '../model';
import { generateGraphql } from './graphql';
import { generateJsonSchemas } from './jsonschema';
import { generateOpenApi } from './openapi';
import { generateTypescript } from './typescript';

export const GENERATOR_FORMATS = ['jsonschema', 'graphql', 'openapi', 'typescript'] as const;
export type GeneratorFormat = (typeof GENERATOR_FORMATS)[number];

/** jsonschema yields one JSON object: file name → schema (the CLI can split it into files). */
export function generate(o: Ontology, format: GeneratorFormat): string {
  switch (format) {
    case 'jsonschema': return `${JSON.stringify(generateJsonSchemas(o), null, 2)}\n`;
    case 'openapi': return `${JSON.stringify(generateOpenApi(o), null, 2)}\n`;
    case 'graphql': return generateGraphql(o);
    case 'typescript': return generateTypescript(o);
  }
}

