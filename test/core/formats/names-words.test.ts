/**
 * names.ts skips its two case-boundary passes when a test says neither applies. Reference: the
 * pipeline that always ran both passes, on every string up to five characters over letters of
 * both cases, digits and separators (where the case rules meet), plus OBO-style ids.
 */
import { describe, expect, it } from 'vitest';
import { camelName, pascalName } from '../../../core/formats/names';

function referenceWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

function referenceJoin(parts: string[], upperFirst: boolean): string {
  return parts.map((w, i) => {
    if (i === 0 && !upperFirst) return /^[A-Z0-9]+$/.test(w) ? w.toLowerCase() : (w[0] as string).toLowerCase() + w.slice(1);
    return (w[0] as string).toUpperCase() + w.slice(1);
  }).join('');
}

const referencePascal = (t: string): string => {
  const out = referenceJoin(referenceWords(t), true);
  return !out ? 'X' : /^[A-Za-z]/.test(out) ? out : `X${out}`;
};
const referenceCamel = (t: string): string => {
  const out = referenceJoin(referenceWords(t), false);
  return !out ? 'x' : /^[A-Za-z]/.test(out) ? out : `x${out}`;
};

describe('apiName words', () => {
  it('are what the always-two-pass pipeline gave, for every short string over a, b, A, B, 0, _ and -', () => {
    const alphabet = ['a', 'b', 'A', 'B', '0', '_', '-'];
    let level = [''];
    let checked = 0;
    for (let len = 1; len <= 5; len++) {
      level = level.flatMap((s) => alphabet.map((c) => s + c));
      for (const s of level) {
        if (pascalName(s) !== referencePascal(s) || camelName(s) !== referenceCamel(s)) {
          expect({ s, pascal: pascalName(s), camel: camelName(s) }).toEqual({ s, pascal: referencePascal(s), camel: referenceCamel(s) });
        }
        checked++;
      }
    }
    expect(checked).toBe(7 + 49 + 343 + 2401 + 16807);
  });

  it('are what it gave for OBO ids and mixed names', () => {
    for (const s of ['GEN_0000123', 'GO_0008150', 'part_of', 'URLTemplate', 'isbn_13', 'has-part', '3DModel', 'HTTPServer2Go', 'aB', 'ABc']) {
      expect([pascalName(s), camelName(s)]).toEqual([referencePascal(s), referenceCamel(s)]);
    }
  });
});
