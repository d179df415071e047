/**
 * One measurement of the generated 45k-class OBO-style ontology in a fresh process, so its peak
 * memory (maxRSS) is the import's own: n3 parse alone, then the full import. Prints one JSON line,
 * with the CPU time too (user + system, GC threads included): on a box shared with other work the
 * wall time mostly measures the others.
 */
import { Parser } from 'n3';
import { importText } from '../../main/services/interop';
import { generateOboOwlTurtle, LARGE_SHAPE } from '../support/generate-obo-owl';

const text = generateOboOwlTurtle(LARGE_SHAPE);
const mode = process.argv[2];
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const start = performance.now();
const cpuStart = cpu();
let classes = 0;
if (mode === 'parse') new Parser({ format: 'text/turtle' }).parse(text);
else classes = Object.keys((await importText(text, 'turtle', { name: 'generated' })).ontology.objectTypes).length;
const ms = performance.now() - start;
const cpuMs = cpu() - cpuStart;
process.stdout.write(`${JSON.stringify({ ms, cpuMs, classes, maxRssMb: process.resourceUsage().maxRSS / 1024, mb: text.length / 1e6 })}\n`);
