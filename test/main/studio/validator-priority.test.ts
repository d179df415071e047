/**
 * The backend's validation thread runs at a lower priority than the rest of the process (Linux):
 * its whole passes of a big doc are background work that must not take a core from the page. The
 * real worker thread; its nice value is read from /proc like `ps -L` reads it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { ontologyToDoc } from '../../../core/yjs';
import { SOURCE_WORKER_ENTRY } from '../../../main/services/studio/jobs/spawn';
import { Validator } from '../../../main/services/studio/jobs/validator';
import { randomOntology } from '../../support/random-ontology';

/** The nice value of each thread of this process (field 19 of /proc/self/task/<tid>/stat, after the parenthesised name). */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}

describe.runIf(process.platform === 'linux')('validation thread priority', () => {
  it('the validation worker thread is niced by 10; the process\'s own threads are not', async () => {
    const before = threadNices();
    const root = mkdtempSync(join(tmpdir(), 'oms-validator-nice-'));
    const validator = new Validator(SOURCE_WORKER_ENTRY, root);
    try {
      await validator.validate(Y.encodeStateAsUpdate(ontologyToDoc(randomOntology(3, { objectTypes: 6, propertiesPerType: 2, linkTypes: 2 }))));
      const after = threadNices();
      expect(after.filter((n) => n === before[0]! + 10).length).toBeGreaterThanOrEqual(1);
      expect(threadNices()[0]).toBe(before[0]);
    } finally {
      await validator.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
