/** XSD (and schema.org DataType) ⇄ OMS base types, in both directions. */
import type { BaseType, PrimitiveTypeName } from '../model';
import { NS } from './rdf';

const X = NS.xsd;
const S = NS.schema;

/** Every datatype IRI we recognise on import. Anything else literal-like maps to string and is reported. */
export const DATATYPE_TO_BASE: Readonly<Record<string, PrimitiveTypeName>> = {
  [`${X}string`]: 'string', [`${X}normalizedString`]: 'string', [`${X}token`]: 'string', [`${X}language`]: 'string',
  [`${X}Name`]: 'string', [`${X}NCName`]: 'string', [`${X}NMTOKEN`]: 'string', [`${X}anyURI`]: 'string',
  [`${X}duration`]: 'string', [`${X}time`]: 'string', [`${X}gYear`]: 'string', [`${X}gYearMonth`]: 'string',
  [`${X}gMonth`]: 'string', [`${X}gMonthDay`]: 'string', [`${X}gDay`]: 'string', [`${X}hexBinary`]: 'string',
  [`${X}base64Binary`]: 'attachment',
  [`${X}boolean`]: 'boolean',
  [`${X}int`]: 'integer', [`${X}short`]: 'integer', [`${X}byte`]: 'integer', [`${X}unsignedShort`]: 'integer',
  [`${X}unsignedByte`]: 'integer',
  [`${X}integer`]: 'long', [`${X}long`]: 'long', [`${X}unsignedInt`]: 'long', [`${X}unsignedLong`]: 'long',
  [`${X}nonNegativeInteger`]: 'long', [`${X}positiveInteger`]: 'long', [`${X}nonPositiveInteger`]: 'long',
  [`${X}negativeInteger`]: 'long',
  [`${X}decimal`]: 'decimal', [`${X}double`]: 'double', [`${X}float`]: 'double',
  [`${X}date`]: 'date', [`${X}dateTime`]: 'timestamp', [`${X}dateTimeStamp`]: 'timestamp',
  [`${NS.rdfs}Literal`]: 'string', [`${NS.rdf}langString`]: 'string', [`${NS.rdf}PlainLiteral`]: 'string',
  [`${NS.rdf}HTML`]: 'string', [`${NS.rdf}XMLLiteral`]: 'string',
  [`${S}Text`]: 'string', [`${S}URL`]: 'string', [`${S}CssSelectorType`]: 'string', [`${S}XPathType`]: 'string',
  [`${S}PronounceableText`]: 'string', [`${S}Time`]: 'string',
  [`${S}Boolean`]: 'boolean', [`${S}Number`]: 'double', [`${S}Float`]: 'double', [`${S}Integer`]: 'long',
  [`${S}Date`]: 'date', [`${S}DateTime`]: 'timestamp',
};

/** Export direction: the XSD datatype that best holds each base type. */
export function xsdFor(t: BaseType): string {
  switch (t.type) {
    case 'string': return `${X}string`;
    case 'integer': return `${X}int`;
    case 'long': return `${X}integer`;
    case 'double': return `${X}double`;
    case 'decimal': return `${X}decimal`;
    case 'boolean': return `${X}boolean`;
    case 'date': return `${X}date`;
    case 'timestamp': return `${X}dateTime`;
    case 'attachment': return `${X}base64Binary`;
    // No XSD counterpart: WKT/GeoJSON text, vectors and arrays travel as strings in the OWL view
    // (the oms: records keep the real type).
    default: return `${X}string`;
  }
}

const NUMERIC = new Set<PrimitiveTypeName>(['integer', 'long', 'double', 'decimal']);
export const isNumeric = (t: PrimitiveTypeName): boolean => NUMERIC.has(t);

/** Several literal ranges (schema.org's rangeIncludes Text + URL) collapse to one base type. */
export function unifyBaseTypes(types: readonly PrimitiveTypeName[]): PrimitiveTypeName {
  const set = [...new Set(types)];
  if (set.length === 0) return 'string';
  if (set.length === 1) return set[0] as PrimitiveTypeName;
  if (set.every(isNumeric)) return set.includes('double') ? 'double' : set.includes('decimal') ? 'decimal' : 'long';
  if (set.every((t) => t === 'date' || t === 'timestamp')) return 'timestamp';
  return 'string';
}
