/** Shared helpers for the interop tests: fixtures, golden files, independent counts, real consumers. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildSchema } from 'graphql';
import { Parser } from 'n3';
import { expect } from 'vitest';
import type { Cardinality, Ontology } from '../../../core/model';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures/interop');
export const vocabulary = (name: string): string => join(ROOT, 'node_modules/@zazuko/rdf-vocabularies/ontologies', `${name}.nq`);

/** Compares with test/fixtures/interop/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. */
export function expectGolden(name: string, actual: string): void {
  const path = join(FIXTURES, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${name} is missing; run UPDATE_GOLDEN=1 npx vitest run test/main/interop`);
  expect(actual, `output differs from golden/${name} (UPDATE_GOLDEN=1 regenerates after review)`).toBe(readFileSync(path, 'utf8'));
}

const BUILTIN = ['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'http://www.w3.org/2000/01/rdf-schema#', 'http://www.w3.org/2002/07/owl#', 'http://www.w3.org/2001/XMLSchema#'];
const TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** Classes and properties counted straight from n3's quads, independently of our mapper. */
export function independentCounts(path: string): { classes: number; properties: number } {
  const quads = new Parser({ format: 'application/n-quads' }).parse(readFileSync(path, 'utf8'));
  const classes = new Set<string>();
  const props = new Set<string>();
  const classTypes = new Set(['http://www.w3.org/2002/07/owl#Class', 'http://www.w3.org/2000/01/rdf-schema#Class']);
  const propTypes = new Set(['Property', 'DatatypeProperty', 'ObjectProperty', 'AnnotationProperty', 'FunctionalProperty', 'InverseFunctionalProperty', 'TransitiveProperty', 'SymmetricProperty']
    .map((n) => (n === 'Property' ? `${BUILTIN[0]}${n}` : `http://www.w3.org/2002/07/owl#${n}`)));
  for (const q of quads) {
    if (q.predicate.value !== TYPE || q.subject.termType !== 'NamedNode' || BUILTIN.some((b) => q.subject.value.startsWith(b))) continue;
    if (classTypes.has(q.object.value)) classes.add(q.subject.value);
    if (propTypes.has(q.object.value)) props.add(q.subject.value);
  }
  return { classes: classes.size, properties: props.size };
}

export function checkJsonSchemas(text: string): Record<string, (data: unknown) => boolean> {
  const schemas = JSON.parse(text) as Record<string, object>;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword('x-oms-annotations'); // the generator's vendor extension carrying annotations
  const out: Record<string, (data: unknown) => boolean> = {};
  for (const [file, schema] of Object.entries(schemas)) {
    const validate = ajv.compile(schema);
    out[file] = (data) => validate(data) as boolean;
  }
  return out;
}

export function checkGraphql(sdl: string): ReturnType<typeof buildSchema> {
  return buildSchema(sdl);
}

export async function checkOpenApi(text: string): Promise<void> {
  await SwaggerParser.validate(JSON.parse(text) as never);
}

/** Compiles a generated module with the project's own tsc in --strict mode; returns tsc's output on failure. */
export function checkTypescript(source: string, extra = ''): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'oms-ts-'));
  try {
    writeFileSync(join(dir, 'ontology.ts'), source);
    writeFileSync(join(dir, 'use.ts'), extra);
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'ES2022', '--module', 'ESNext', '--moduleResolution', 'bundler', join(dir, 'ontology.ts'), join(dir, 'use.ts')], { encoding: 'utf8', stdio: 'pipe', cwd: dir });
      return { ok: true, output: '' };
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Random edits that OWL cannot express (or expresses differently), so the records must carry them. */
export function mutate(o: Ontology, random: () => number): Ontology {
  const x = structuredClone(o);
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(random() * items.length)];
  const word = () => ['a b', 'Ünï', '100%', 'x/y#z', 'q"uote', 'line\nbreak', 'plain'][Math.floor(random() * 7)] as string;
  for (let i = 0; i < 6; i++) {
    const ot = pick(Object.values(x.objectTypes));
    const lt = pick(Object.values(x.linkTypes));
    const vt = pick(Object.values(x.valueTypes));
    switch (Math.floor(random() * 8)) {
      case 0: if (ot) ot.apiName = `T${word()}`; break;
      case 1: if (ot) ot.description = word(); break;
      case 2: if (ot) { const id = pick(Object.keys(ot.properties)); if (id) delete ot.properties[id]; } break;
      case 3: if (ot) ot.iri = random() < 0.5 ? `https://x.example/${encodeURIComponent(word())}` : word(); break; // sometimes not an IRI at all
      case 4: if (lt) lt.cardinality = pick<Cardinality>(['ONE_TO_ONE', 'ONE_TO_MANY', 'MANY_TO_ONE', 'MANY_TO_MANY']) as Cardinality; break;
      case 5: if (vt) vt.constraints = { enum: [word(), word(), 'plain'] }; break;
      case 6: if (lt && ot) lt.iri = ot.iri ?? 'https://x.example/shared'; break; // an IRI used by two kinds at once
      default: x.meta[`k${i}`] = word();
    }
  }
  return x;
}

