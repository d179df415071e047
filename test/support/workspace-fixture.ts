/** Shared setup for tests over a real workspace file: a temp store with the airline example on `main`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { OmsError } from '../../core/errors';
import type { Ontology } from '../../core/model';
import { readOntologyFile } from '../../cli/files';
import { Workspace } from '../../main/services/store';

export const airline = (): Ontology => readOntologyFile(join(import.meta.dirname, '../../examples/airline.oms.json'));

/** A deterministic clock so commit ids and times are reproducible. */
export function tickingClock(start = 1_700_000_000_000, step = 1000): () => number {
  let t = start;
  return () => (t += step);
}

/** The stable code of the OmsError a call or promise fails with, or undefined when it succeeds. */
export async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(OmsError);
    return (err as OmsError).code;
  }
  return undefined;
}

export interface WorkspaceFixture {
  root: string;
  ws: Workspace;
  now: () => number;
}

/** Registers hooks: a fresh workspace 'demo' per test (closed and deleted after). Tests may replace `ws` (reopen). */
export function useTempWorkspace(prefix: string): WorkspaceFixture {
  const fx = { now: tickingClock() } as WorkspaceFixture;
  beforeEach(async () => {
    fx.root = mkdtempSync(join(tmpdir(), prefix));
    fx.ws = await Workspace.create(fx.root, 'demo', { from: airline(), author: 'ada', now: fx.now, durability: 'normal' });
  });
  afterEach(async () => {
    await fx.ws.close();
    rmSync(fx.root, { recursive: true, force: true });
  });
  return fx;
}
