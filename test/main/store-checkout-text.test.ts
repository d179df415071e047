/**
 * Workspace.checkoutText writes a commit's canonical JSON from the stored rows (entity bodies
 * spliced in, never parsed for the compact form): it must be byte for byte what canonicalJson of
 * the checked-out ontology is, in both forms — including the key order JavaScript imposes on
 * array-index ids ("7" before "42" before "a"), and strings that need escaping.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, parseOntology, type Ontology } from '../../core/model';
import { Workspace } from '../../main/services/store';
import { scaleOntology } from '../bench/scale-ontology';
import { randomOntology } from '../support/random-ontology';
import { airline, tickingClock } from '../support/workspace-fixture';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

async function stored(o: Ontology): Promise<Workspace> {
  const root = mkdtempSync(join(tmpdir(), 'oms-checkout-text-'));
  roots.push(root);
  return Workspace.create(root, 'w', { from: o, author: 'ada', now: tickingClock(), durability: 'normal' });
}

/** The airline example with ids JavaScript enumerates first (array indices) and strings JSON must escape. */
function awkward(): Ontology {
  const o = airline();
  const [first] = Object.values(o.objectTypes);
  if (!first) throw new Error('airline has object types');
  const objectTypes: Record<string, unknown> = { ...o.objectTypes };
  for (const [i, id] of ['42', '7', '0'].entries()) {
    // Its own property ids (numbered too), so the ontology stays valid and commits.
    const renamed = (p: string | undefined): string | undefined => (p === undefined ? undefined : `${100 + 10 * i + Object.keys(first.properties).indexOf(p)}`);
    const properties = Object.fromEntries(Object.entries(first.properties).map(([p, v]) => [renamed(p), v]));
    objectTypes[id] = {
      ...first, apiName: `Numbered${i}`, properties, primaryKey: renamed(first.primaryKey), titleKey: renamed(first.titleKey),
      description: `quote " backslash \\ newline \n tab \t é ✈ \u{1f600} \u2028`,
    };
  }
  return parseOntology({ ...o, objectTypes, description: 'line one\nline two "quoted"' });
}

describe('Workspace.checkoutText', () => {
  it('equals canonicalJson(checkout(ref)), compact and pretty', async () => {
    for (const o of [awkward(), randomOntology(1), randomOntology(7), parseOntology({ format: 'oms/1', name: 'empty' })]) {
      const ws = await stored(o);
      try {
        const head = ws.getBranch('main').head;
        expect(ws.checkoutText(head)).toBe(canonicalJson(ws.checkout(head)));
        expect(ws.checkoutText(head, { pretty: true })).toBe(canonicalJson(ws.checkout(head), { pretty: true }));
      } finally {
        await ws.close();
      }
    }
  });

  it('reads a later commit (a snapshot patched over its parent) the same way', async () => {
    const ws = await stored(awkward());
    try {
      const o = ws.checkout('main');
      const next = parseOntology({ ...o, objectTypes: { ...o.objectTypes, 7: { ...(o.objectTypes['7'] as object), description: 'changed' } } });
      await ws.setWorking('main', next);
      const { commit } = await ws.commit('main', { message: 'change 7', author: 'ada' });
      expect(ws.checkoutText(commit.id)).toBe(canonicalJson(next));
      expect(ws.checkoutText(commit.id, { pretty: true })).toBe(canonicalJson(next, { pretty: true }));
    } finally {
      await ws.close();
    }
  });

  it('hands a large commit over in pieces that add up to the same text', async () => {
    const ws = await stored(scaleOntology(1500, 4)); // ~1.4 MB of canonical JSON: more than one piece
    try {
      const expected = canonicalJson(ws.checkout('main'));
      const pieces: string[] = [];
      ws.writeCheckout('main', (chunk) => pieces.push(chunk));
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.join('')).toBe(expected);
    } finally {
      await ws.close();
    }
  });
});
