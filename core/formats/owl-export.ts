/**
 * OMS ontology → RDF triples: the OWL view (owl-view.ts) plus the lossless oms: records
 * (oms-records.ts) for whatever the view would not map back exactly. Serialising the triples
 * (Turtle, JSON-LD) is the Node side's job.
 */
import type { Ontology } from '../model';
import { recordTriples } from './oms-records';
import { importRdf } from './owl-import';
import { writeOwlView, type RdfExport } from './owl-view';

export { baseIriOf, type RdfExport } from './owl-view';

export function exportRdf(o: Ontology, options: { records?: boolean } = {}): RdfExport {
  const { triples, prefixes, baseIri, iris } = writeOwlView(o);
  if (options.records === false) return { triples, prefixes, baseIri };
  // What would a reader of the view alone get? Record exactly the difference.
  const derived = importRdf(triples, { format: 'oms-view', name: o.name }).ontology;
  return { triples: [...triples, ...recordTriples(o, derived, (id) => iris.get(id))], prefixes, baseIri };
}
