/** OpenAPI 3.1: CRUD paths per object type over component schemas (JSON Schema 2020-12 dialect). */
import type { Ontology } from '../model';
import { ANNOTATIONS_KEYWORD } from './annotation-text';
import { buildCodegenModel } from './codegen-model';
import { hierarchySchemas, objectSchema, structSchemas, type JsonSchema, type SchemaContext } from './jsonschema';

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase();
}

export function generateOpenApi(o: Ontology): JsonSchema {
  const m = buildCodegenModel(o, ['Error']);
  const ctx: SchemaContext = { m, refBase: '#/components/schemas/', structs: new Set(), annotationsAs: 'extension' };
  const schemas: Record<string, JsonSchema> = {
    Error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
  };
  const paths: Record<string, JsonSchema> = {};
  const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
  const error = (description: string) => ({ description, content: json({ $ref: '#/components/schemas/Error' }) });
  for (const t of m.types) {
    schemas[t.name] = objectSchema(ctx, t);
    const ref = { $ref: `#/components/schemas/${t.name}` };
    const key = t.fields.find((f) => f.isKey);
    const base = `/${kebab(t.name)}`;
    const idParam = { name: 'id', in: 'path', required: true, description: `${key?.name ?? 'primary key'} of the ${t.name}`, schema: { type: 'string' } };
    paths[base] = {
      get: {
        operationId: `list${t.name}`, summary: `List ${t.name} objects`, tags: [t.name],
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
          { name: 'cursor', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          200: { description: 'A page of objects', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref }, nextCursor: { type: 'string' } } }) },
        },
      },
      post: {
        operationId: `create${t.name}`, summary: `Create a ${t.name}`, tags: [t.name],
        requestBody: { required: true, content: json(ref) },
        responses: { 201: { description: 'Created', content: json(ref) }, 400: error('Invalid object'), 409: error('Primary key already exists') },
      },
    };
    paths[`${base}/{id}`] = {
      parameters: [idParam],
      get: { operationId: `get${t.name}`, summary: `Get a ${t.name}`, tags: [t.name], responses: { 200: { description: 'The object', content: json(ref) }, 404: error('Not found') } },
      put: {
        operationId: `replace${t.name}`, summary: `Replace a ${t.name}`, tags: [t.name], requestBody: { required: true, content: json(ref) },
        responses: { 200: { description: 'Replaced', content: json(ref) }, 400: error('Invalid object'), 404: error('Not found') },
      },
      delete: { operationId: `delete${t.name}`, summary: `Delete a ${t.name}`, tags: [t.name], responses: { 204: { description: 'Deleted' }, 404: error('Not found') } },
    };
  }
  Object.assign(schemas, hierarchySchemas(ctx));
  Object.assign(schemas, structSchemas(ctx));
  return {
    openapi: '3.1.0',
    info: { title: o.name, version: o.meta['version'] ?? '0.0.0', ...(o.description ? { description: o.description } : {}), ...(o.annotations ? { [ANNOTATIONS_KEYWORD]: o.annotations } : {}) },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: { schemas },
  };
}
