/**
 * OBO 1.4 import and export: a generated file (counts known exactly), a hand-written GO-style
 * excerpt with the syntax's corners, malformed input, and the OBO ↔ OWL agreement.
 */
import { describe, expect, it } from 'vitest';
import { OmsError } from '../../../core/errors';
import { parseOboDocument } from '../../../core/formats/obo-syntax';
import { typeHierarchy, type Ontology } from '../../../core/model';
import { validate } from '../../../core/validate';
import { exportOntology, importText } from '../../../main/services/interop';
import { generateObo, generateOboOwlTurtle, termIri, type OboOwlShape } from '../../support/generate-obo-owl';

const SHAPE: OboOwlShape = { classes: 400, subclassEdges: 620, restrictions: 150, definitions: 320, synonyms: 180, obsolete: 12, seed: 7 };

/** Clauses as a multiset of "stanza id tag: value" (xref lists sorted: they are sets). */
function clauses(text: string): Map<string, number> {
  const doc = parseOboDocument(text);
  const out = new Map<string, number>();
  const add = (k: string) => out.set(k, (out.get(k) ?? 0) + 1);
  for (const c of doc.header) if (c.tag !== 'format-version') add(`header ${c.tag}: ${c.value}`);
  for (const s of doc.stanzas) {
    const id = s.clauses.find((c) => c.tag === 'id')?.value;
    for (const c of s.clauses) add(`${s.type} ${id} ${c.tag}: ${c.value.replace(/\[([^\]]*)\]/, (_m, xs: string) => `[${xs.split(/,\s*/).filter(Boolean).sort().join(', ')}]`)}`);
  }
  return out;
}

const count = (o: Ontology) => ({
  types: Object.keys(o.objectTypes).length,
  supertypeEdges: Object.values(o.objectTypes).reduce((s, t) => s + (t.supertypes?.length ?? 0), 0),
  restrictions: Object.values(o.linkTypes).filter((l) => l.restriction?.quantifier === 'some').length,
  definitions: Object.values(o.objectTypes).filter((t) => t.annotations?.definition?.length).length,
  synonyms: Object.values(o.objectTypes).reduce((s, t) => s + (t.annotations?.synonym?.length ?? 0), 0),
  obsolete: Object.values(o.objectTypes).filter((t) => t.status === 'deprecated').length,
});

describe('OBO 1.4 (generated file)', async () => {
  const text = generateObo(SHAPE);
  const { ontology, report } = await importText(text, 'obo', { measureRoundTrip: true });

  it('terms, is_a, relationships, definitions, synonyms and obsolete terms land in the model', () => {
    expect(count(ontology)).toEqual({ types: 400, supertypeEdges: 620, restrictions: 150, definitions: 320, synonyms: 180, obsolete: 12 });
    const first = Object.values(ontology.objectTypes).find((t) => t.iri === termIri(1));
    expect(first?.annotations?.definition?.[0]?.xrefs).toEqual(['PMID:1001']);
    expect(first?.annotations?.['http://www.geneontology.org/formats/oboInOwl#hasOBONamespace']).toEqual([{ value: 'generated_process' }]);
    expect(validate(ontology).filter((d) => d.severity === 'BLOCK' || d.severity === 'ERROR')).toEqual([]);
    expect(report.roundTrip?.share).toBe(1);
  });

  it('exports back to the same clauses (import → model → OBO)', async () => {
    const back = await exportOntology(ontology, 'obo');
    expect(clauses(back)).toEqual(clauses(text));
  });

  it('maps like its OWL conversion: same types, hierarchy and restrictions', async () => {
    const owl = (await importText(generateOboOwlTurtle(SHAPE), 'turtle')).ontology;
    expect(count(owl)).toEqual(count(ontology));
    expect(Object.keys(owl.objectTypes).sort()).toEqual(Object.keys(ontology.objectTypes).sort());
    const h = typeHierarchy(owl);
    for (const id of Object.keys(ontology.objectTypes).slice(0, 50)) expect([...h.parents(id)].sort()).toEqual([...(ontology.objectTypes[id]?.supertypes ?? [])].sort());
  });
});

const GO_STYLE = `format-version: 1.4
data-version: releases/2026-11-01
ontology: go
default-namespace: gene_ontology
remark: hand-written excerpt in the style of go.obo

[Term]
id: GO:0000001
name: mitochondrion inheritance
namespace: biological_process
alt_id: GO:0000002
def: "The distribution of \\"mitochondria\\" into daughter cells." [GOC:mcc, PMID:10873824] {source="x"}
synonym: "mitochondrial inheritance" EXACT []
synonym: "organelle inheritance" BROAD [GOC:a] ! a comment
xref: Wikipedia:Mitochondrion "the article"
is_a: GO:0000003 ! parent
relationship: part_of GO:0000004
subset: goslim_generic

[Term]
id: GO:0000003
name: reproduction

[Term]
id: GO:0000004
name: cell cycle

[Term]
id: GO:0000005
name: obsolete thing
comment: This term was made obsolete.
is_obsolete: true
replaced_by: GO:0000001
consider: GO:0000003

[Typedef]
id: part_of
name: part of
xref: BFO:0000050
is_transitive: true

[Instance]
id: GO:inst
`;

describe('OBO 1.4 (GO-style excerpt)', async () => {
  const { ontology, report } = await importText(GO_STYLE, 'obo', { measureRoundTrip: true });
  const term = (n: number) => Object.values(ontology.objectTypes).find((t) => t.iri === `http://purl.obolibrary.org/obo/GO_000000${n}`);

  it('reads escapes, xref lists, qualifiers, comments, part_of via its BFO xref, obsolete terms', () => {
    const t = term(1);
    expect(t?.displayName).toBe('mitochondrion inheritance');
    expect(t?.annotations?.definition).toEqual([{ value: 'The distribution of "mitochondria" into daughter cells.', xrefs: ['GOC:mcc', 'PMID:10873824'] }]);
    expect(t?.annotations?.synonym).toEqual(expect.arrayContaining([{ value: 'mitochondrial inheritance', scope: 'EXACT' }, { value: 'organelle inheritance', scope: 'BROAD', xrefs: ['GOC:a'] }]));
    expect(t?.annotations?.xref).toEqual([{ value: 'Wikipedia:Mitochondrion' }]);
    const partOf = Object.values(ontology.linkTypes).find((l) => l.fromObjectTypeId && l.restriction);
    expect(partOf).toMatchObject({ iri: 'http://purl.obolibrary.org/obo/BFO_0000050', displayName: 'part of', restriction: { quantifier: 'some' }, minCardinality: 1 });
    expect(term(5)?.status).toBe('deprecated');
    expect(term(5)?.annotations?.replacedBy).toEqual([{ value: 'http://purl.obolibrary.org/obo/GO_0000001', kind: 'iri' }]);
    expect(report.unmapped['[Instance] and other non-Term, non-Typedef stanzas (skipped)']?.count).toBe(1);
    expect(report.roundTrip?.share).toBe(1);
  });

  it('writes the same terms back', async () => {
    const back = await exportOntology(ontology, 'obo');
    const want = clauses(GO_STYLE);
    const got = clauses(back);
    for (const k of ['Term GO:0000001 is_a: GO:0000003', 'Term GO:0000001 relationship: part_of GO:0000004', 'Term GO:0000001 alt_id: GO:0000002',
      'Term GO:0000005 replaced_by: GO:0000001', 'Term GO:0000005 consider: GO:0000003', 'Term GO:0000005 is_obsolete: true',
      'Typedef part_of is_transitive: true', 'header data-version: releases/2026-11-01', 'header ontology: go']) {
      expect(want.has(k), k).toBe(true);
      expect(got.has(k), k).toBe(true);
    }
  });
});

describe('malformed OBO is refused with the line', () => {
  it.each([
    ['unterminated quote', '[Term]\nid: X:1\ndef: "no end [PMID:1]\n', 3],
    ['bad synonym scope', '[Term]\nid: X:1\nsynonym: "s" SIDEWAYS []\n', 3],
    ['stanza without id', 'format-version: 1.4\n\n[Term]\nname: nameless\n', 3],
    ['line without a tag', '[Term]\nid: X:1\njust words\n', 3],
  ])('%s', async (_what, text, line) => {
    const err = await importText(text, 'obo').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(OmsError);
    expect((err as OmsError).code).toBe('IMPORT_PARSE_ERROR');
    expect((err as OmsError).details?.line).toBe(line);
  });
});
