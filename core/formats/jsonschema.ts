/**
 * JSON Schema 2020-12: one schema per object type; value-type constraints become keywords,
 * struct types become `$defs` (or OpenAPI component schemas, via `refBase`).
 *
 * A subtype is `allOf` its supertypes' field schemas (`<Type>Fields`: open, the fields each level
 * adds, composing its own supertypes') plus its own fields, closed with `unevaluatedProperties:
 * false` (not `additionalProperties`, which would reject the inherited fields).
 *
 * Annotations are kept as data: in OpenAPI as the `x-oms-annotations` extension; in standalone JSON
 * Schema as `$comment` holding `{"x-oms-annotations": …}`, because validators in strict mode (ajv's
 * default) refuse unknown keywords, and a schema that fails to compile helps nobody.
 */
import { ordered, type Annotations, type BaseType } from '../model';
import { ANNOTATIONS_KEYWORD } from './annotation-text';
import { buildCodegenModel, constraintsOf, type CodegenModel, type FieldSpec, type TypeSpec } from './codegen-model';

export type JsonSchema = Record<string, unknown>;

export interface SchemaContext {
  m: CodegenModel;
  /** Where struct schemas live: '#/$defs/' for standalone schemas, '#/components/schemas/' for OpenAPI. */
  refBase: string;
  /** Struct type ids referenced so far (collected for `$defs`). */
  structs: Set<string>;
  /** Object type ids whose `<Type>Fields` schema is referenced (by subtypes' allOf). */
  fieldDefs?: Set<string>;
  /** How annotations are written: OpenAPI extension keyword, or `$comment` (default; see above). */
  annotationsAs?: 'extension' | 'comment';
}

function annotated(ctx: SchemaContext, a: Annotations | undefined): JsonSchema {
  if (!a) return {};
  return ctx.annotationsAs === 'extension' ? { [ANNOTATIONS_KEYWORD]: a } : { $comment: JSON.stringify({ [ANNOTATIONS_KEYWORD]: a }) };
}

export function baseTypeSchema(ctx: SchemaContext, t: BaseType): JsonSchema {
  switch (t.type) {
    case 'string': return { type: 'string' };
    case 'integer': return { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
    case 'long': return { type: 'integer' };
    case 'double': return { type: 'number' };
    // Decimals travel as strings so no precision is lost in JSON numbers.
    case 'decimal': return { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' };
    case 'boolean': return { type: 'boolean' };
    case 'date': return { type: 'string', format: 'date' };
    case 'timestamp': return { type: 'string', format: 'date-time' };
    case 'geopoint': return {
      type: 'object', additionalProperties: false, required: ['lat', 'lon'],
      properties: { lat: { type: 'number', minimum: -90, maximum: 90 }, lon: { type: 'number', minimum: -180, maximum: 180 } },
    };
    case 'geoshape': return { type: 'object', description: 'GeoJSON geometry', required: ['type'], properties: { type: { type: 'string' } } };
    case 'attachment': return { type: 'string', description: 'attachment reference' };
    case 'vector': return { type: 'array', items: { type: 'number' }, minItems: t.dimension, maxItems: t.dimension };
    case 'array': return { type: 'array', items: baseTypeSchema(ctx, t.items) };
    case 'struct': {
      const name = ctx.m.names.get(t.structTypeId);
      if (!name) return { type: 'object' };
      ctx.structs.add(t.structTypeId);
      return { $ref: `${ctx.refBase}${name}` };
    }
  }
}

export function fieldSchema(ctx: SchemaContext, f: FieldSpec): JsonSchema {
  const s: JsonSchema = { ...baseTypeSchema(ctx, f.baseType) };
  const c = constraintsOf(ctx.m, f);
  if (c.enum) s.enum = c.enum;
  if (c.regex !== undefined) s.pattern = c.regex;
  if (c.min !== undefined) s.minimum = c.min;
  if (c.max !== undefined) s.maximum = c.max;
  if (c.minLength !== undefined) s.minLength = c.minLength;
  if (c.maxLength !== undefined) s.maxLength = c.maxLength;
  if (f.description) s.description = f.description;
  return { ...s, ...annotated(ctx, f.annotations) };
}

function propertiesOf(ctx: SchemaContext, fields: readonly FieldSpec[]): Record<string, JsonSchema> {
  const properties: Record<string, JsonSchema> = {};
  for (const f of fields) properties[f.name] = fieldSchema(ctx, f);
  return properties;
}

/** Name of the open field schema of object type `id` (`VehicleFields`), clear of every other type name. */
function fieldsName(m: CodegenModel, id: string): string {
  const taken = new Set(m.names.values());
  let name = `${m.names.get(id) as string}Fields`;
  while (taken.has(name)) name = `${name}_`;
  return name;
}

function fieldsRef(ctx: SchemaContext, id: string): JsonSchema {
  (ctx.fieldDefs ??= new Set()).add(id);
  return { $ref: `${ctx.refBase}${fieldsName(ctx.m, id)}` };
}

export function objectSchema(ctx: SchemaContext, t: TypeSpec): JsonSchema {
  if (t.supertypes.length > 0) {
    return {
      title: t.name,
      ...(t.description ? { description: t.description } : {}),
      type: 'object',
      allOf: t.supertypes.map((s) => fieldsRef(ctx, s)),
      properties: propertiesOf(ctx, t.ownFields),
      required: t.ownFields.filter((f) => f.required).map((f) => f.name),
      unevaluatedProperties: false,
      ...annotated(ctx, t.annotations),
    };
  }
  return {
    title: t.name,
    ...(t.description ? { description: t.description } : {}),
    type: 'object',
    properties: propertiesOf(ctx, t.fields),
    required: t.fields.filter((f) => f.required).map((f) => f.name),
    additionalProperties: false,
    ...annotated(ctx, t.annotations),
  };
}

/** `<Type>Fields` schemas for every referenced supertype, following their own supertypes. */
export function hierarchySchemas(ctx: SchemaContext): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  const byId = new Map(ctx.m.types.map((t) => [t.id, t]));
  const done = new Set<string>();
  for (let pending = [...(ctx.fieldDefs ?? [])]; pending.length > 0; pending = [...(ctx.fieldDefs ?? [])].filter((id) => !done.has(id))) {
    for (const id of pending) {
      done.add(id);
      const t = byId.get(id);
      if (!t) continue;
      out[fieldsName(ctx.m, id)] = {
        type: 'object',
        ...(t.supertypes.length > 0 ? { allOf: t.supertypes.map((s) => fieldsRef(ctx, s)) } : {}),
        properties: propertiesOf(ctx, t.ownFields),
        required: t.ownFields.filter((f) => f.required).map((f) => f.name),
      };
    }
  }
  return out;
}

/** Struct schemas for every referenced struct, following nested struct references. */
export function structSchemas(ctx: SchemaContext): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  const done = new Set<string>();
  let pending = [...ctx.structs];
  while (pending.length) {
    for (const id of pending) {
      done.add(id);
      const st = ctx.m.o.structTypes[id];
      if (!st) continue;
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [, f] of ordered(st.fields)) {
        properties[f.apiName] = { ...baseTypeSchema(ctx, f.baseType), ...(f.description ? { description: f.description } : {}) };
        if (f.required) required.push(f.apiName);
      }
      out[ctx.m.names.get(id) as string] = { type: 'object', properties, required, additionalProperties: false };
    }
    pending = [...ctx.structs].filter((id) => !done.has(id));
  }
  return out;
}

/** File name → schema, one per object type. */
export function generateJsonSchemas(o: Parameters<typeof buildCodegenModel>[0]): Record<string, JsonSchema> {
  const m = buildCodegenModel(o, []);
  const base = (o.meta['rdf:base'] ?? `urn:oms:${encodeURIComponent(o.name)}`).replace(/[#/]$/, '');
  const out: Record<string, JsonSchema> = {};
  for (const t of m.types) {
    const ctx: SchemaContext = { m, refBase: '#/$defs/', structs: new Set() };
    const body = objectSchema(ctx, t);
    // Field schemas first: they may reference structs that structSchemas must then include.
    const defs = { ...hierarchySchemas(ctx) };
    Object.assign(defs, structSchemas(ctx));
    out[`${t.name}.schema.json`] = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `${base}/schemas/${t.name}.schema.json`,
      ...body,
      ...(Object.keys(defs).length ? { $defs: defs } : {}),
    };
  }
  return out;
}
