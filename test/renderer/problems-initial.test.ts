/**
 * The page's first state for its validation worker (sendInitial in renderer/src/state/initial-state.ts)
 * goes in parts whose size follows what each clone cost, starting small: every element arrives
 * exactly once whatever the part sizes, and the real worker module, fed those messages, answers
 * as validate() of the doc the page holds.
 */
import { describe, expect, it, vi } from 'vitest';
import { validate } from '../../core/validate';
import { docToOntology, ontologyToDoc } from '../../core/yjs';
import { ModelIndex } from '../../renderer/src/state/model-index';
import { sendInitial } from '../../renderer/src/state/initial-state';
import type { InitElement, ValidateRequest } from '../../renderer/src/workers/validate-protocol';
import { randomOntology } from '../support/random-ontology';
import { loadWorker } from '../support/validate-worker';

describe('the first state sent to the validation worker', () => {
  it('goes in parts that start small, carries every element once, and the worker answers as validate()', async () => {
    const doc = ontologyToDoc(randomOntology(21, { objectTypes: 400, propertiesPerType: 2, linkTypes: 40, interfaces: 5 }));
    const index = await ModelIndex.load(doc);
    const { send, answers } = await loadWorker();
    const sent: ValidateRequest[] = [];
    // The user busy all along: the send paces itself but still carries everything.
    await sendInitial(index, (m) => {
      sent.push(m);
      send(m);
    }, 1, () => false, () => true);
    expect(sent[0]?.type).toBe('init');
    expect(sent.at(-1)).toEqual({ type: 'init-end', seq: 1 });
    const parts = sent.flatMap((m) => (m.type === 'init-part' ? [JSON.parse(m.json) as InitElement[]] : []));
    expect(parts[0]).toHaveLength(50);
    const ids = parts.flat().map(([id]) => id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...index.all()].map((e) => e.id).sort());
    await new Promise((r) => setTimeout(r, 5));
    expect(answers).toHaveLength(1);
    const byKey = (ds: { code: string; path: string }[]): string[] => ds.map((d) => `${d.code} ${d.path}`).sort();
    expect(byKey(answers[0]!.diagnostics)).toEqual(byKey(validate(docToOntology(doc))));
    vi.unstubAllGlobals();
  });
});
