/**
 * `oms stats` counts without building an ElementRef per element and hashes natively
 * (cli/commands/stats.ts); its figures must stay those of the plain walk over allElements with
 * core's contentHash of the canonical JSON, on random ontologies with every kind of element.
 */
import { describe, expect, it } from 'vitest';
import { ontologyStats, ontologyStatsFromText } from '../../cli/commands/stats';
import { streamOntologyElements } from '../../core/model/element-stream';
import { allElements, canonicalJson, contentHash, parseOntology, parseOntologyText, type Ontology } from '../../core/model';
import { randomOntology } from '../support/random-ontology';

/** The figures as allElements gives them (the definition the fast count must match). */
function reference(o: Ontology): Record<string, unknown> {
  const nested: Record<string, number> = { property: 0, structField: 0, actionParameter: 0, actionRule: 0 };
  const pii = { personal: 0, sensitive: 0 };
  let deprecated = 0;
  let experimental = 0;
  for (const e of allElements(o)) {
    if (e.kind in nested) nested[e.kind] = (nested[e.kind] ?? 0) + 1;
    if (e.value.status === 'deprecated') deprecated++;
    if (e.value.status === 'experimental') experimental++;
    if ((e.kind === 'property' || e.kind === 'sharedProperty') && (e.value.pii === 'personal' || e.value.pii === 'sensitive')) pii[e.value.pii]++;
  }
  return {
    properties: nested.property, structFields: nested.structField, actionParameters: nested.actionParameter, actionRules: nested.actionRule,
    pii, deprecated, experimental, hash: contentHash(canonicalJson(o)),
  };
}

/** Statuses and PII flags spread over every element, so each counter sees all its cases. */
function varied(o: Ontology, seed: number): Ontology {
  const statuses = ['active', 'deprecated', 'experimental'] as const;
  const piis = ['none', 'personal', 'sensitive'] as const;
  let k = seed;
  const json = JSON.parse(canonicalJson(o)) as Record<string, Record<string, Record<string, unknown>>>;
  for (const c of Object.values(json)) {
    if (typeof c !== 'object' || c === null) continue;
    for (const e of Object.values(c)) {
      if (typeof e !== 'object' || e === null || !('status' in e)) continue;
      e.status = statuses[k++ % 3];
      if ('pii' in e) e.pii = piis[k++ % 3];
      for (const field of ['properties', 'fields', 'parameters']) {
        const children = e[field] as Record<string, Record<string, unknown>> | undefined;
        if (!children || Array.isArray(children)) continue;
        for (const child of Object.values(children)) {
          if ('status' in child) child.status = statuses[k++ % 3];
          if ('pii' in child) child.pii = piis[k++ % 3];
        }
      }
    }
  }
  return parseOntology(json);
}

describe('ontologyStats', () => {
  it('gives the figures of the allElements walk and contentHash', () => {
    let sawNested = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const o = varied(parseOntology(randomOntology(seed)), seed);
      const s = ontologyStats(o);
      expect(s).toMatchObject(reference(o));
      sawNested += s.structFields + s.actionParameters + s.actionRules + s.pii.personal + s.pii.sensitive + s.deprecated + s.experimental;
    }
    expect(sawNested).toBeGreaterThan(0);
  });

  it('reading the file element by element (ontologyStatsFromText) gives the same figures and hash, or the same error', () => {
    const error = (fn: () => unknown): string => {
      try {
        fn();
        return 'none';
      } catch (err) {
        return `${(err as { code?: string }).code ?? ''} ${(err as Error).message}`;
      }
    };
    for (let seed = 1; seed <= 12; seed++) {
      const o = varied(parseOntology(randomOntology(seed)), seed);
      const compact = canonicalJson(o);
      // Non-canonical: members out of order (the hash sorts them), keys unsorted, spacing.
      const shuffled = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(compact) as Record<string, unknown>).reverse().map(([k, v]) => [k, v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v])), null, 1);
      for (const text of [compact, canonicalJson(o, { pretty: true }), shuffled]) {
        expect(streamOntologyElements(text, { element: () => undefined }), `seed ${seed}: read element by element`).toBeDefined();
        expect(ontologyStatsFromText(text, 'f.json'), `seed ${seed}`).toEqual(ontologyStats(parseOntologyText(text, 'f.json')));
      }
      const broken = compact.replace('"apiName":', '"apiName":1,"apiName":');
      expect(error(() => parseOntologyText(broken, 'f.json'))).toMatch(/^JSON_DUPLICATE_KEY /);
      expect(error(() => ontologyStatsFromText(broken, 'f.json'))).toBe(error(() => parseOntologyText(broken, 'f.json')));
    }
  });
});
