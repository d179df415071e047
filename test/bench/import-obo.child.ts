/**
 * One measurement of the generated 45k-class OBO-style ontology in a fresh process, so its peak
 * memory (maxRSS) is the import's own: n3 parse alone (streamed, as the import parses), then the full import. Prints one JSON line,
 * with the CPU time too (user + system, GC threads included): on a box shared with other work the
 * wall time mostly measures the others.
 */
import { importText } from '../../main/services/interop';
import { bareParse } from './import-parse';
import { generateOboOwlTurtle, LARGE_SHAPE, type OboOwlShape } from '../support/generate-obo-owl';

/** OMS_IMPORT_OBO_CLASSES scales the shape down (profiling at 10k needs no big-bench lock). */
function shape(): OboOwlShape {
  const classes = Number(process.env.OMS_IMPORT_OBO_CLASSES ?? LARGE_SHAPE.classes);
  const f = classes / LARGE_SHAPE.classes;
  const scale = (n: number | undefined) => Math.round((n ?? 0) * f);
  return {
    classes, subclassEdges: scale(LARGE_SHAPE.subclassEdges), restrictions: scale(LARGE_SHAPE.restrictions),
    definitions: scale(LARGE_SHAPE.definitions), synonyms: scale(LARGE_SHAPE.synonyms), obsolete: scale(LARGE_SHAPE.obsolete),
  };
}

const text = generateOboOwlTurtle(shape());
const mode = process.argv[2];
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const start = performance.now();
const cpuStart = cpu();
let classes = 0;
if (mode === 'parse') await bareParse(text, 'text/turtle');
else classes = Object.keys((await importText(text, 'turtle', { name: 'generated' })).ontology.objectTypes).length;
const ms = performance.now() - start;
const cpuMs = cpu() - cpuStart;
process.stdout.write(`${JSON.stringify({ ms, cpuMs, classes, maxRssMb: process.resourceUsage().maxRSS / 1024, mb: text.length / 1e6 })}\n`);
