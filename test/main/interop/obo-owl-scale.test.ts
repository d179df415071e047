/**
 * The generated OBO-style OWL ontology at CI size (LARGE_SHAPE, 45k classes, is the IMPORT
 * benchmark's): every class, subclass edge, restriction and definition is counted in the model,
 * and the round trip keeps the source. Counts only: time is the benchmark's business.
 */
import { describe, expect, it } from 'vitest';
import { exportOntology, importText } from '../../../main/services/interop';
import { CI_SHAPE, generateOboOwlTurtle } from '../../support/generate-obo-owl';

describe(`generated OBO-style OWL (${CI_SHAPE.classes} classes)`, async () => {
  const text = generateOboOwlTurtle(CI_SHAPE);
  const { ontology: o, report } = await importText(text, 'turtle', { name: 'gen', measureRoundTrip: true });

  it('maps every class, subclass edge, restriction, definition and synonym into the model', () => {
    const types = Object.values(o.objectTypes);
    expect(types).toHaveLength(CI_SHAPE.classes);
    expect(types.reduce((s, t) => s + (t.supertypes?.length ?? 0), 0)).toBe(CI_SHAPE.subclassEdges);
    expect(Object.values(o.linkTypes).filter((l) => l.restriction?.quantifier === 'some')).toHaveLength(CI_SHAPE.restrictions);
    expect(types.filter((t) => t.annotations?.definition?.length)).toHaveLength(CI_SHAPE.definitions);
    expect(types.reduce((s, t) => s + (t.annotations?.synonym?.length ?? 0), 0)).toBe(CI_SHAPE.synonyms ?? 0);
    expect(types.filter((t) => t.status === 'deprecated')).toHaveLength(CI_SHAPE.obsolete ?? 0);
  });

  it('keeps ≥ 99% of the source through a Turtle re-export, nearly all of it in the model', async () => {
    expect(report.roundTrip?.share).toBeGreaterThanOrEqual(0.99);
    expect(report.roundTrip?.modelled?.share).toBeGreaterThanOrEqual(0.99);
    expect((await exportOntology(o, 'obo')).match(/^\[Term\]$/gm)).toHaveLength(CI_SHAPE.classes);
  });
});
