/**
 * OBO 1.4 flat files: lines → header and stanzas, and the value grammar shared by import and
 * export (quoted strings with escapes, `[xref, …]` lists, trailing `{qualifiers}` and `! comments`),
 * plus OBO ids ↔ IRIs (GO:0000001 ↔ http://purl.obolibrary.org/obo/GO_0000001).
 */
import { ModelError } from '../errors';
import { OBO } from './rdf-annotations';

export interface OboClause {
  tag: string;
  value: string;
  line: number;
}

export interface OboStanza {
  type: string;
  clauses: OboClause[];
  line: number;
}

export interface OboDocument {
  header: OboClause[];
  stanzas: OboStanza[];
}

/** Splits off an unescaped `!` comment and trailing `{…}` qualifiers, outside quotes. */
function stripTrailers(value: string): string {
  let quoted = false;
  let end = value.length;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (ch === '!' && !quoted) {
      end = i;
      break;
    }
  }
  let out = value.slice(0, end).trimEnd();
  if (out.endsWith('}') && !quoted) {
    const open = out.lastIndexOf(' {');
    if (open >= 0) out = out.slice(0, open).trimEnd();
  }
  return out;
}

export function parseOboDocument(text: string): OboDocument {
  const doc: OboDocument = { header: [], stanzas: [] };
  let current: OboStanza | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i] as string;
    const lineNo = i + 1;
    while (raw.endsWith('\\') && !raw.endsWith('\\\\') && i + 1 < lines.length) raw = raw.slice(0, -1) + (lines[++i] as string);
    const line = raw.trim();
    if (line === '' || line.startsWith('!')) continue;
    const stanza = /^\[([A-Za-z]+)\]$/.exec(line);
    if (stanza) {
      current = { type: stanza[1] as string, clauses: [], line: lineNo };
      doc.stanzas.push(current);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ModelError('OBO_PARSE_ERROR', `line ${lineNo}: expected "tag: value" or a [Stanza] header`, { line: lineNo });
    const tag = line.slice(0, colon).trim();
    const value = stripTrailers(line.slice(colon + 1).trim());
    (current ? current.clauses : doc.header).push({ tag, value, line: lineNo });
  }
  return doc;
}

/** `"text" rest` → the unescaped text and what follows it. */
export function readQuoted(value: string, line: number): { text: string; rest: string } {
  if (!value.startsWith('"')) throw new ModelError('OBO_PARSE_ERROR', `line ${line}: expected a quoted string`, { line });
  let text = '';
  for (let i = 1; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\\') {
      const next = value[++i] ?? '';
      text += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if (ch === '"') return { text, rest: value.slice(i + 1).trim() };
    else text += ch;
  }
  throw new ModelError('OBO_PARSE_ERROR', `line ${line}: unterminated quoted string`, { line });
}

/** `[a, b "desc"]` → ['a', 'b'] (xref descriptions are dropped) and what follows. */
export function readXrefList(value: string, line: number): { xrefs: string[]; rest: string } {
  const open = value.indexOf('[');
  if (open < 0) return { xrefs: [], rest: value };
  const close = value.indexOf(']', open);
  if (close < 0) throw new ModelError('OBO_PARSE_ERROR', `line ${line}: unterminated [xref list]`, { line });
  const inner = value.slice(open + 1, close).trim();
  const xrefs = inner ? inner.split(/,\s*/).map((x) => x.replace(/\s+".*$/, '').trim()).filter(Boolean) : [];
  return { xrefs, rest: `${value.slice(0, open)}${value.slice(close + 1)}`.trim() };
}

export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** OBO id → IRI: prefixed ids go to the OBO PURL space, bare ids under the ontology, IRIs stay. */
export function oboIdToIri(id: string, ontology: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(id) || id.startsWith('urn:')) return id;
  const m = /^([A-Za-z][A-Za-z0-9_]*):([^\s:]+)$/.exec(id);
  if (m) return `${OBO}${m[1] as string}_${m[2] as string}`;
  return `${OBO}${ontology}#${id}`;
}

/** IRI → OBO id (the inverse of oboIdToIri where it applies; other IRIs are used as ids). */
export function iriToOboId(iri: string, ontology: string): string {
  if (iri.startsWith(`${OBO}${ontology}#`)) return iri.slice(`${OBO}${ontology}#`.length);
  const m = /^http:\/\/purl\.obolibrary\.org\/obo\/([A-Za-z][A-Za-z0-9]*)_([^\s/#_][^\s/#]*)$/.exec(iri);
  return m ? `${m[1] as string}:${m[2] as string}` : iri;
}
