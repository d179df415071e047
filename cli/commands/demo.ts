/**
 * `oms demo`: the README's main job for now. Runs the bundled examples through validation and
 * stats and ends with a short tour. Each section is a DemoStep; later capabilities (store, branches,
 * merge) add a step to DEMO_STEPS rather than editing the others.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Ontology } from '../../core/model';
import { CliError, EXIT } from '../errors';
import { color } from '../output';
import { parseOptions } from './options';
import { readOntology } from './read-ontology';
import { formatStats, ontologyStats } from './stats';
import { exitCodeForReport, formatReport, validationReport } from './validate';
import type { RegisterCommand } from './index';
import { historyDemoStep } from './demo-history';

export interface DemoExample {
  /** Path as the user would type it (relative to the current directory). */
  file: string;
  ontology: Ontology;
}

export interface DemoContext {
  examples: DemoExample[];
  /** Worst exit code any step wants the demo to end with (0 when all went well). */
  exitCode: number;
}

export interface DemoStep {
  title: string;
  run(ctx: DemoContext): string | Promise<string>;
}

const DemoOptions = z.strictObject({ examples: z.string().min(1).optional() });

const DEFAULT_EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

const indent = (text: string) => text.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');

export const DEMO_STEPS: DemoStep[] = [
  {
    title: 'Validate the examples',
    run(ctx) {
      return ctx.examples.map((e) => {
        const report = validationReport(e.file, e.ontology);
        ctx.exitCode = Math.max(ctx.exitCode, exitCodeForReport(report));
        return formatReport(report, { maxPerSeverity: 3 });
      }).join('\n\n');
    },
  },
  {
    title: 'Validation at work: the same example with three mistakes',
    run(ctx) {
      const first = ctx.examples[0];
      if (!first) return '';
      const broken = breakOntology(first.ontology);
      return `${color.dim(broken.changes.join('\n'))}\n${formatReport(validationReport(`${first.file} (edited in memory)`, broken.ontology), { maxPerSeverity: 3 })}`;
    },
  },
  {
    title: 'What is inside',
    run: (ctx) => ctx.examples.map((e) => `${color.dim(e.file)}\n${formatStats(ontologyStats(e.ontology))}`).join('\n\n'),
  },
  historyDemoStep,
  {
    title: 'Try next',
    run(ctx) {
      const first = ctx.examples[0]?.file ?? 'examples/airline.oms.json';
      const tips: Array<[string, string]> = [
        [`npx oms validate ${first}`, 'diagnostics grouped by severity'],
        [`npx oms validate ${first} --json`, 'the same for scripts; exit 0 ok, 1 ERROR, 2 BLOCK'],
        [`npx oms stats ${first} --json`, 'counts and the canonical content hash'],
        ['npx oms codes', 'what every diagnostic code means'],
        ['npx oms init my.oms.json --name "My ontology"', 'start your own'],
        ['npx oms fmt --check examples/*.oms.json', 'canonical form? (drop --check to rewrite)'],
        [`npx oms workspace create acme --from ${first}`, 'a local store with branch main'],
        ['npx oms branch create feature/x && npx oms log', 'branches and history'],
        ['npx oms merge feature/x --into main --dry-run', 'preview a three-way merge'],
      ];
      const width = Math.max(...tips.map(([cmd]) => cmd.length));
      return tips.map(([cmd, what]) => `${cmd.padEnd(width)}  ${color.dim(what)}`).join('\n');
    },
  },
];

/** A copy with a missing primary key, a badly named property and a broken regex, to show the checks. */
function breakOntology(o: Ontology): { ontology: Ontology; changes: string[] } {
  const copy = structuredClone(o);
  const changes: string[] = [];
  const [firstType, secondType] = Object.values(copy.objectTypes);
  if (firstType) {
    delete firstType.primaryKey;
    changes.push(`- removed the primary key of ${firstType.apiName}`);
  }
  const property = secondType ? Object.values(secondType.properties)[0] : undefined;
  if (secondType && property) {
    changes.push(`- renamed ${secondType.apiName}.${property.apiName} to ${secondType.apiName}.Bad_Name`);
    property.apiName = 'Bad_Name';
  }
  const withRegex = Object.values(copy.valueTypes).find((v) => v.constraints.regex !== undefined);
  if (withRegex) {
    withRegex.constraints.regex = '([A-Z]{3}';
    changes.push(`- broke the regex of value type ${withRegex.apiName}`);
  }
  return { ontology: copy, changes };
}

export function loadExamples(dir: string): DemoExample[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.oms.json')).sort();
  } catch {
    throw new CliError('FILE_NOT_FOUND', `no examples folder at ${dir}`, { path: dir });
  }
  if (names.length === 0) throw new CliError('FILE_NOT_FOUND', `no *.oms.json files in ${dir}`, { path: dir });
  return names.map((n) => {
    const file = relative(process.cwd(), join(dir, n)) || n;
    return { file, ontology: readOntology(file) };
  });
}

export async function runDemo(ctx: DemoContext, steps: readonly DemoStep[] = DEMO_STEPS): Promise<string> {
  const out = [color.bold('OMS Studio demo: the oms CLI on the bundled example ontologies'), ''];
  for (const [i, step] of steps.entries()) {
    out.push(color.bold(`${i + 1}. ${step.title}`), indent(await step.run(ctx)), '');
  }
  return out.join('\n');
}

export const registerDemo: RegisterCommand = (program) => {
  program
    .command('demo')
    .description('tour the bundled example ontologies: validation, stats, what to try next')
    .option('--examples <dir>', 'folder of *.oms.json files to use instead of the bundled examples')
    .action(async (raw: unknown) => {
      const options = parseOptions(DemoOptions, raw);
      const ctx: DemoContext = { examples: loadExamples(options.examples ?? DEFAULT_EXAMPLES), exitCode: EXIT.OK };
      process.stdout.write(await runDemo(ctx));
      process.exitCode = ctx.exitCode;
    });
};
