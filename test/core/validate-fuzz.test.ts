/**
 * validate() on arbitrary shape-valid ontologies whose references are drawn from a tiny id pool, so
 * dangling references, wrong kinds, duplicate ids, cycles and name clashes are all frequent
 * (test/support/fuzz-ontology.ts). fast-check prints the seed and the shrunk counterexample on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, parseOntology } from '../../core/model';
import { DIAGNOSTIC_CODES, validate } from '../../core/validate';
import { ontology } from '../support/fuzz-ontology';

describe('validate on arbitrary ontologies', () => {
  it('never throws, is deterministic and sorted, and uses only catalogued codes on existing elements', () => {
    fc.assert(fc.property(ontology, (raw) => {
      const o = parseOntology(JSON.parse(JSON.stringify(raw)));
      const diagnostics = validate(o);
      expect(validate(o)).toEqual(diagnostics);
      for (let i = 1; i < diagnostics.length; i++) {
        const [a, b] = [diagnostics[i - 1], diagnostics[i]] as const;
        if (!a || !b) continue;
        expect(a.path < b.path || (a.path === b.path && (a.code < b.code || (a.code === b.code && a.message <= b.message)))).toBe(true);
      }
      for (const d of diagnostics) {
        expect(DIAGNOSTIC_CODES[d.code as keyof typeof DIAGNOSTIC_CODES]?.severity).toBe(d.severity);
        const [collection, elementId] = d.path.split('/');
        expect(COLLECTIONS).toContain(collection);
        expect(Object.hasOwn(o[collection as (typeof COLLECTIONS)[number]], elementId as string)).toBe(true);
      }
    }), { numRuns: 400 });
  });
});
