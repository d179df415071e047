/**
 * Background validation per pass, before and after validation in proportion to the change, on the
 * UI bench's generated workspace (test/bench/ui.bench.ts bigOntology): the whole validate() a pass
 * used to run (the reference), the IncrementalValidator's one-off start (whole pass + element
 * index), and one pass after a display-name and an API-name keystroke. Sizes via
 * OMS_BENCH_INCREMENTAL_SIZES (default 10000; 50000 needs the big-bench lock:
 * `flock /tmp/oms-big-bench.lock npm run bench validate-incremental`).
 */
import type { ObjectType } from '../../core/model';
import { validate } from '../../core/validate';
import { IncrementalValidator } from '../../core/validate/incremental';
import { fmtMs, p50, p95, sample, type Benchmark, type BenchRow } from './lib';
import { bigOntology } from './ui.bench';

const bench: Benchmark = {
  name: 'validate-incremental',
  description: 'a background validation pass after one keystroke: IncrementalValidator vs validate() of the whole ontology',
  async run() {
    const sizes = (process.env.OMS_BENCH_INCREMENTAL_SIZES ?? '10000').split(',').map(Number).filter((n) => n > 0);
    const rows: BenchRow[] = [];
    for (const n of sizes) {
      const o = bigOntology(n);
      const whole = await sample(3, () => validate(o));
      // Each start takes over a copy made before the clock starts (the worker receives its own).
      const copies = [structuredClone(o), structuredClone(o), structuredClone(o)];
      const start = await sample(2, () => new IncrementalValidator(copies.pop() ?? structuredClone(o)).prepare(), 1);
      const v = new IncrementalValidator(structuredClone(o));
      v.prepare();
      let i = 0;
      const keystroke = (field: 'displayName' | 'apiName') => (): void => {
        const id = `ot-${(i++ * 7919) % n}`;
        const cur = v.ontology().objectTypes[id] as ObjectType;
        v.update(new Map([[id, { collection: 'objectTypes', value: { ...cur, [field]: `${cur[field] ?? ''}x` } }]]));
      };
      const display = await sample(25, keystroke('displayName'), 3);
      const api = await sample(25, keystroke('apiName'), 3);
      const ref = fmtMs(p50(whole));
      rows.push(
        { name: `${n} types: whole validate() (a pass before)`, value: ref },
        { name: `${n} types: incremental start (whole pass + element index, once)`, value: fmtMs(p50(start)), reference: ref, ratio: p50(start) / p50(whole), ratioLabel: '× a whole pass' },
        { name: `${n} types: pass after a display-name keystroke (p50 / p95)`, value: `${fmtMs(p50(display))} / ${fmtMs(p95(display))}`, reference: ref, ratio: p50(whole) / p50(display), ratioLabel: '× faster than a whole pass' },
        { name: `${n} types: pass after an API-name keystroke (p50 / p95)`, value: `${fmtMs(p50(api))} / ${fmtMs(p95(api))}`, reference: ref, ratio: p50(whole) / p50(api), ratioLabel: '× faster than a whole pass' },
      );
    }
    return rows;
  },
};

export default bench;
