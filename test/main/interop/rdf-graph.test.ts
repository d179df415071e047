/**
 * RdfGraph's compact subject entries (predicates scanned, indexed only past a dozen), the terms
 * n3 builds through the parser's factory (interop/parse.ts) and localName's character scan,
 * against plain references: a list of the same triples, n3's own terms, the regex localName was.
 */
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { blank, iri, literal, localName, RDF_TYPE, type Term, type Triple } from '../../../core/formats/rdf';
import { RdfGraph } from '../../../core/formats/rdf-graph';
import { parseRdf } from '../../../main/services/interop/parse';

const EX = 'http://example.org/g#';

describe('RdfGraph subject entries', () => {
  // 30 predicates on one subject: past the point where a subject gets a predicate index.
  const wide: Triple[] = [];
  for (let i = 0; i < 30; i++) for (let j = 0; j <= i % 3; j++) wide.push({ s: iri(`${EX}s`), p: `${EX}p${i}`, o: literal(`v${j}`) });

  it('answers predicates, objects and has like the triples it was built from, also past the index threshold', () => {
    const g = new RdfGraph(wide);
    expect(g.predicates(`${EX}s`)).toEqual(Array.from({ length: 30 }, (_, i) => `${EX}p${i}`));
    expect(g.predicateCount(`${EX}s`)).toBe(30);
    for (let i = 0; i < 30; i++) {
      expect(g.has(`${EX}s`, `${EX}p${i}`)).toBe(true);
      expect(g.objects(`${EX}s`, `${EX}p${i}`, true)).toEqual(wide.filter((t) => t.p === `${EX}p${i}`).map((t) => t.o));
    }
    expect(g.has(`${EX}s`, `${EX}p30`)).toBe(false);
    expect(g.size).toBe(wide.length);
  });

  it('finds duplicates of a statement whichever way its subject was added last', () => {
    const s = iri(`${EX}a`);
    const b = blank('n1');
    const g = new RdfGraph();
    expect(g.addStatement(s, `${EX}p`, literal('x'))).toBe(true);
    expect(g.addStatement(b, `${EX}p`, literal('x'))).toBe(true);
    // A different object for the same IRI: the subject is found by key, not only by the object added last.
    expect(g.addStatement(iri(`${EX}a`), `${EX}p`, literal('x'))).toBe(false);
    expect(g.addStatement(blank('n1'), `${EX}p`, literal('x'))).toBe(false);
    expect(g.size).toBe(2);
  });

  it('keeps a subject whole when its statements come in several runs, between other subjects', () => {
    // The arrays of a subject are copied to exact size when its run of statements ends; later runs grow them again.
    const runs: Triple[] = [];
    for (let run = 0; run < 3; run++) {
      for (let i = 0; i < 4; i++) runs.push({ s: iri(`${EX}a`), p: `${EX}p${i % 2}`, o: literal(`r${run}v${i}`) });
      runs.push({ s: blank(`b${run}`), p: `${EX}q`, o: iri(`${EX}a`) });
    }
    const g = new RdfGraph(runs);
    expect(g.predicates(`${EX}a`)).toEqual([`${EX}p0`, `${EX}p1`]);
    for (const p of [`${EX}p0`, `${EX}p1`]) expect(g.objects(`${EX}a`, p, true)).toEqual(runs.filter((t) => t.s.v === `${EX}a` && t.p === p).map((t) => t.o));
    expect(g.add(runs[5] as Triple)).toBe(false);
    expect(g.size).toBe(runs.length);
  });

  it('starts a subject afresh after takeSubjects moved it out, even when the same term is added next', () => {
    const s = iri(`${EX}a`);
    const g = new RdfGraph();
    g.addStatement(s, `${EX}p`, literal('x'));
    const { graph, added } = g.takeSubjects(new Set([`${EX}a`]));
    expect(added).toBe(1);
    expect(graph.objects(`${EX}a`, `${EX}p`, true)).toEqual([literal('x')]);
    expect(g.addStatement(s, `${EX}p`, literal('x'))).toBe(true);
    expect(g.size).toBe(1);
    expect(graph.size).toBe(1);
  });
});

describe('RdfGraph.hasType', () => {
  const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
  it('says what typesOf lists: one type, several, a literal or blank "type", none, an unknown subject; and marks nothing', () => {
    const triples: Triple[] = [
      { s: iri(`${EX}one`), p: RDF_TYPE, o: iri(`${EX}A`) },
      { s: iri(`${EX}many`), p: RDF_TYPE, o: iri(`${EX}A`) },
      { s: iri(`${EX}many`), p: RDF_TYPE, o: literal(`${EX}B`) },
      { s: iri(`${EX}many`), p: RDF_TYPE, o: iri(`${EX}C`) },
      { s: iri(`${EX}odd`), p: RDF_TYPE, o: literal(`${EX}A`) },
      { s: iri(`${EX}blank`), p: RDF_TYPE, o: blank(`A`) },
      { s: iri(`${EX}untyped`), p: `${EX}p`, o: iri(`${EX}A`) },
    ];
    const g = new RdfGraph(triples);
    for (const s of ['one', 'many', 'odd', 'blank', 'untyped', 'absent']) {
      for (const t of ['A', 'B', 'C']) expect(g.hasType(`${EX}${s}`, `${EX}${t}`), `${s} ${t}`).toBe(g.typesOf(`${EX}${s}`).includes(`${EX}${t}`));
    }
    expect(g.hasType(`${EX}many`, `${EX}C`)).toBe(true);
    expect(g.hasType(`${EX}many`, `${EX}B`)).toBe(false);
    expect([...g.unused()].flatMap((u) => u.objects)).toHaveLength(triples.length); // peeked: all still unused
  });
});

describe('RdfGraph marks', () => {
  it('used (read by the mapper) and kept (written back by the view) are apart, per slot and per object', () => {
    const triples: Triple[] = [];
    for (let i = 0; i < 35; i++) triples.push({ s: iri(`${EX}s`), p: `${EX}many`, o: literal(`v${i}`) });
    triples.push({ s: iri(`${EX}s`), p: `${EX}one`, o: literal('x') }, { s: iri(`${EX}s`), p: `${EX}other`, o: literal('y') });
    const g = new RdfGraph(triples);
    for (const i of [0, 28, 29, 34]) g.markKept(`${EX}s`, `${EX}many`, literal(`v${i}`));
    g.use(`${EX}s`, `${EX}one`);
    g.markKept(`${EX}s`, `${EX}other`, literal('y'));
    expect([...g.unused()].map((u) => u.p)).toEqual([`${EX}many`, `${EX}other`]);
    const unkept = [...g.unkept(() => false)];
    expect(unkept.map((t) => `${t.p.slice(EX.length)} ${t.o.v}`)).toEqual([
      ...Array.from({ length: 35 }, (_, i) => i).filter((i) => ![0, 28, 29, 34].includes(i)).map((i) => `many v${i}`), 'one x',
    ]);
    g.objects(`${EX}s`, `${EX}many`);
    expect([...g.unused()].map((u) => u.p)).toEqual([`${EX}other`]);
    expect([...g.unkept(() => false)]).toHaveLength(unkept.length);
  });
});

describe('RdfGraph.ofType', () => {
  const T = `${EX}T`;
  const typed = (name: string, type = T): Triple => ({ s: iri(`${EX}${name}`), p: RDF_TYPE, o: iri(type) });

  it('lists the subjects typed so far, also when types are stated or moved out after a first answer', () => {
    const g = new RdfGraph([typed('b'), typed('a'), { s: blank('x'), p: RDF_TYPE, o: iri(T) }, { s: iri(`${EX}c`), p: RDF_TYPE, o: literal('T') }]);
    expect(g.ofType(T)).toEqual(['_:x', `${EX}a`, `${EX}b`]);
    g.add(typed('d'));
    g.add(typed('a')); // a duplicate changes nothing
    g.add(typed('a', `${EX}U`));
    expect(g.ofType(T)).toEqual(['_:x', `${EX}a`, `${EX}b`, `${EX}d`]);
    expect(g.ofType(`${EX}U`)).toEqual([`${EX}a`]);
    const { graph } = g.takeSubjects(new Set([`${EX}a`, '_:x']));
    expect(g.ofType(T)).toEqual([`${EX}b`, `${EX}d`]);
    expect(g.ofType(`${EX}U`)).toEqual([]);
    expect(graph.ofType(T)).toEqual(['_:x', `${EX}a`]);
    g.add(typed('a'));
    expect(g.ofType(T)).toEqual([`${EX}a`, `${EX}b`, `${EX}d`]);
  });
});

describe('literals read by the parser', () => {
  const ttl = `@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<${EX}s> <${EX}p> "plain", "en"@en, "mixed case tag"@EN-gb, "typed"^^xsd:token, "42"^^xsd:integer,
  "quote \\" inside"@de, """long
text with "quotes" and -- dashes"""@fr, "ends with --"^^<${EX}dt>, "" .`;

  it('match what n3 own getters say, for every kind of literal', async () => {
    const reference = new Parser({ format: 'text/turtle' }).parse(ttl).map((q): Term => ({
      t: 'literal', v: q.object.value, lang: (q.object as { language: string }).language, dt: (q.object as { datatype: { value: string } }).datatype.value,
    }));
    const { triples } = await parseRdf(ttl, 'turtle');
    expect(triples.map((t) => t.o)).toEqual(reference);
    expect(reference).toHaveLength(9);
  });
});

describe('terms built by n3 through our factory', () => {
  // Prefixed and full IRIs, `a`, labelled and anonymous blank nodes, a list, a base direction, numbers.
  const ttl = `@prefix ex: <${EX}> .
ex:s a ex:C ; ex:p _:x , [ ex:q "inner"@EN ] ; ex:list ( 1 "two" ex:three ) ; ex:dir "x"@en--ltr .
_:x ex:p ex:s , 2.5 , true .`;
  const termOf = (t: { termType: string; value: string; language?: string; datatype?: { value: string } }): Term =>
    t.termType === 'NamedNode' ? iri(t.value) : t.termType === 'BlankNode' ? blank(t.value)
      : { t: 'literal', v: t.value, lang: t.language ?? '', dt: t.datatype?.value ?? '' };

  it("are n3's own terms (blank nodes up to their labels), with core's fields in core's order", async () => {
    const reference = new Parser({ format: 'text/turtle' }).parse(ttl).map((q) => ({ s: termOf(q.subject), p: q.predicate.value, o: termOf(q.object) }));
    const { triples } = await parseRdf(ttl, 'turtle');
    // Labels: each blank node of one side stands for exactly one of the other, in the same statements.
    const labels = new Map<string, string>();
    const relabel = (ours: Term, theirs: Term): Term => {
      if (ours.t !== 'blank' || theirs.t !== 'blank') return ours;
      const known = labels.get(ours.v) ?? labels.set(ours.v, theirs.v).get(ours.v);
      return blank(known as string);
    };
    expect(triples.map((t, i) => ({ s: relabel(t.s, reference[i]?.s as Term), p: t.p, o: relabel(t.o, reference[i]?.o as Term) }))).toEqual(reference);
    expect(new Set(labels.values()).size).toBe(labels.size);
    expect(reference).toHaveLength(15);
    expect(JSON.stringify(triples[0])).toBe(JSON.stringify({ s: iri(`${EX}s`), p: triples[0]?.p, o: iri(`${EX}C`) }));
  });

  it('share one term per IRI and per blank node label', async () => {
    const { triples } = await parseRdf(ttl, 'turtle');
    const s = triples.filter((t) => t.s.t === 'iri' && t.s.v === `${EX}s`);
    expect(new Set(s.map((t) => t.s)).size).toBe(1);
    const x = triples.filter((t) => t.s.t === 'blank' && t.p === `${EX}p`); // _:x's three statements
    expect(x).toHaveLength(3);
    expect(x.every((t) => t.s === x[0]?.s)).toBe(true);
    expect(triples[1]?.o).toBe(x[0]?.s); // ex:s ex:p _:x
    expect(triples.find((t) => t.s.t === 'blank' && t.o.t === 'iri' && t.o.v === `${EX}s`)?.o).toBe(s[0]?.s);
  });

  it('a quoted triple (RDF-star) is refused with IMPORT_UNSUPPORTED_CONSTRUCT', async () => {
    await expect(parseRdf(`<${EX}a> <${EX}p> <<( <${EX}s> <${EX}p> <${EX}o> )>> .`, 'turtle')).rejects.toMatchObject({ code: 'IMPORT_UNSUPPORTED_CONSTRUCT' });
    await expect(parseRdf(`<< <${EX}s> <${EX}p> <${EX}o> >> <${EX}q> "x" .`, 'turtle')).rejects.toMatchObject({ code: 'IMPORT_UNSUPPORTED_CONSTRUCT' });
  });
});

describe('localName', () => {
  const byRegex = (v: string): string => /[^#/:]+$/.exec(v.replace(/[#/]+$/, ''))?.[0] ?? v;

  it('is what the regex pair said, for edge cases and every short string over its separators', () => {
    const cases = ['', '#', '/', 'a', 'a:', ':', 'urn:x:y', 'http://e.org/a#b', 'http://e.org/a/', 'http://e.org/a//##', 'a\nb', 'ü/ä#ö'];
    // Every string of up to 5 characters over a, '#', '/', ':' and a newline.
    const alphabet = ['a', '#', '/', ':', '\n'];
    let level = [''];
    for (let n = 0; n < 5; n++) {
      level = level.flatMap((p) => alphabet.map((c) => p + c));
      cases.push(...level);
    }
    expect(cases.filter((c) => localName(c) !== byRegex(c))).toEqual([]);
    expect(cases.length).toBeGreaterThan(3900);
  });
});
