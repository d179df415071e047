/**
 * GraphQL SDL: object types with their properties and link fields (list/non-null per cardinality
 * and direction), interfaces with `implements` (transitively, as GraphQL requires), string enums
 * as GraphQL enums, structs as object types, and a Query root with get/list per object type.
 *
 * Type hierarchy: GraphQL object types cannot extend each other, so every object type that has
 * subtypes also gets an interface `<Type>Interface` with its effective fields, implemented by the
 * type itself and by all its descendants (which carry the inherited fields and link fields). Annotations are
 * appended to descriptions.
 */
import { ordered, type BaseType, type Ontology } from '../model';
import { withAnnotations } from './annotation-text';
import { buildCodegenModel, type FieldSpec, type LinkFieldSpec, type TypeSpec } from './codegen-model';
import { NameScope } from './names';

const SCALARS: Partial<Record<BaseType['type'], string>> = {
  long: 'Long', decimal: 'Decimal', date: 'Date', timestamp: 'DateTime', geopoint: 'GeoPoint', geoshape: 'GeoShape', attachment: 'Attachment',
};
const RESERVED = ['Query', 'Mutation', 'Subscription', 'String', 'Int', 'Float', 'Boolean', 'ID', ...Object.values(SCALARS)];
const GQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

function doc(text: string, indent: string): string {
  if (!text) return '';
  return `${indent}"""\n${text.replace(/\\?"""/g, '\\"""').split('\n').map((l) => `${indent}${l}`.trimEnd()).join('\n')}\n${indent}"""\n`;
}

export function generateGraphql(o: Ontology): string {
  const m = buildCodegenModel(o, RESERVED);
  const usedScalars = new Set<string>();
  const enums = new Map<string, string[]>();

  const typeRef = (t: BaseType): string => {
    switch (t.type) {
      case 'string': return 'String';
      case 'integer': return 'Int';
      case 'double': return 'Float';
      case 'boolean': return 'Boolean';
      case 'vector': return '[Float!]';
      case 'array': return `[${typeRef(t.items)}!]`;
      case 'struct': return m.names.get(t.structTypeId) ?? 'String';
      default: {
        const s = SCALARS[t.type] as string;
        usedScalars.add(s);
        return s;
      }
    }
  };
  const fieldType = (f: FieldSpec): string => {
    let named: string;
    const vt = f.valueTypeId ? o.valueTypes[f.valueTypeId] : undefined;
    const values = vt?.constraints.enum;
    if (f.isKey) named = 'ID';
    else if (vt && f.valueTypeId && values?.length && values.every((v) => typeof v === 'string' && GQL_NAME.test(v) && !['true', 'false', 'null'].includes(v))) {
      named = m.names.get(f.valueTypeId) as string;
      enums.set(named, values as string[]);
    } else named = typeRef(f.baseType);
    return f.required ? `${named}!` : named;
  };
  const fieldLines = (fields: FieldSpec[]) => fields.map((f) => `${doc(withAnnotations(f.description, f.annotations), '  ')}  ${f.name}: ${fieldType(f)}`);
  const linkLines = (links: LinkFieldSpec[]) => links.map((l) => {
    const target = m.names.get(l.targetTypeId) as string;
    return `${doc(l.description, '  ')}  ${l.name}: ${l.many ? `[${target}!]!` : target}`;
  });
  const blocks: string[] = [];
  const liveInterfaces = new Set(m.interfaces.filter((i) => i.fields.length > 0).map((i) => i.id));

  for (const itf of m.interfaces) {
    if (!liveInterfaces.has(itf.id)) continue; // GraphQL interfaces need at least one field
    const ext = itf.extends.filter((x) => liveInterfaces.has(x)).map((x) => m.names.get(x) as string).sort();
    blocks.push(`${doc(withAnnotations(itf.description, itf.annotations), '')}interface ${itf.name}${ext.length ? ` implements ${ext.join(' & ')}` : ''} {\n${fieldLines(itf.fields).join('\n')}\n}`);
  }
  // One interface per object type with subtypes (and at least one field), named clear of every other name.
  const typeInterfaceNames = new NameScope([...RESERVED, ...m.names.values()]);
  const typeInterface = new Map<string, string>();
  for (const t of m.types) if (t.hasSubtypes && t.fields.length > 0) typeInterface.set(t.id, typeInterfaceNames.claim(`${t.name}Interface`));
  const byId = new Map(m.types.map((t) => [t.id, t]));
  /** Ontology interfaces and type interfaces `t` implements (transitively, as GraphQL requires). */
  const implementsOf = (t: TypeSpec, self: boolean): string[] => {
    const out = new Set(t.implements.filter((x) => liveInterfaces.has(x)).map((x) => m.names.get(x) as string));
    const seen = new Set<string>();
    for (const stack = self ? [t.id] : [...t.supertypes]; stack.length > 0;) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      const name = typeInterface.get(id);
      if (name) out.add(name);
      stack.push(...(byId.get(id)?.supertypes ?? []));
    }
    return [...out].sort();
  };
  for (const t of m.types) {
    const name = typeInterface.get(t.id);
    if (!name) continue;
    const impl = implementsOf(t, false);
    blocks.push(`${doc(withAnnotations(t.description, t.annotations), '')}interface ${name}${impl.length ? ` implements ${impl.join(' & ')}` : ''} {\n${[...fieldLines(t.fields), ...linkLines(t.links)].join('\n')}\n}`);
  }
  for (const t of m.types) {
    const impl = t.supertypes.length > 0 || t.hasSubtypes ? implementsOf(t, true) : t.implements.filter((x) => liveInterfaces.has(x)).map((x) => m.names.get(x) as string).sort();
    const lines = [...fieldLines(t.fields), ...linkLines(t.links)];
    if (lines.length === 0) lines.push('  _empty: Boolean');
    blocks.push(`${doc(withAnnotations(t.description, t.annotations), '')}type ${t.name}${impl.length ? ` implements ${impl.join(' & ')}` : ''} {\n${lines.join('\n')}\n}`);
  }
  for (const [id, st] of Object.entries(o.structTypes)) {
    const fields = ordered(st.fields).map(([, f]) => `  ${GQL_NAME.test(f.apiName) ? f.apiName : `_${f.apiName.replace(/\W/g, '_')}`}: ${typeRef(f.baseType)}${f.required ? '!' : ''}`);
    blocks.push(`${doc(st.description, '')}type ${m.names.get(id) as string} {\n${fields.length ? fields.join('\n') : '  _empty: Boolean'}\n}`);
  }
  const queryNames = new NameScope();
  const query = m.types.flatMap((t) => {
    const lower = t.name[0]?.toLowerCase() + t.name.slice(1);
    return [`  ${queryNames.claim(lower)}(id: ID!): ${t.name}`, `  ${queryNames.claim(`${lower}List`)}(first: Int, after: String): [${t.name}!]!`];
  });
  blocks.push(`type Query {\n${query.length ? query.join('\n') : '  _empty: Boolean'}\n}`);
  const head = [...usedScalars].sort().map((s) => `scalar ${s}`);
  const enumBlocks = [...enums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, values]) => `enum ${name} {\n${values.map((v) => `  ${v}`).join('\n')}\n}`);
  return `${[...head, ...enumBlocks, ...blocks].join('\n\n')}\n`;
}
