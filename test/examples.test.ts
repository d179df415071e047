import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseOntology } from '../core/model';
import { validate } from '../core/validate';

const dir = fileURLToPath(new URL('../examples/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.oms.json')).sort();

describe('bundled examples', () => {
  it('there are at least two', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s is canonical, realistic in size and has no ERROR or BLOCK', (file) => {
    const text = readFileSync(`${dir}${file}`, 'utf8');
    const o = parseOntology(JSON.parse(text));
    expect(canonicalJson(o, { pretty: true })).toBe(text);
    expect(validate(o).filter((d) => d.severity === 'ERROR' || d.severity === 'BLOCK')).toEqual([]);
    expect(Object.keys(o.objectTypes).length).toBeGreaterThanOrEqual(15);
    const cardinalities = new Set(Object.values(o.linkTypes).map((l) => l.cardinality));
    expect(cardinalities.size).toBe(4);
    expect(Object.values(o.interfaces).some((i) => i.extends.length > 0)).toBe(true);
  });
});
