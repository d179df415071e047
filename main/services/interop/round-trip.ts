/**
 * The round trip against the source: import → export Turtle → parse → the share of the source's
 * statements present (core/formats/rdf-roundtrip.ts), and OBO text in through its OWL statements.
 */
import { errorMessage, OmsError } from '../../../core/errors';
import { importObo } from '../../../core/formats/obo-import';
import type { ImportReport } from '../../../core/formats/import-report';
import type { Triple } from '../../../core/formats/rdf';
import { measureRoundTrip, type RoundTripMeasure } from '../../../core/formats/rdf-roundtrip';
import type { Ontology } from '../../../core/model';
import { exportRdf } from '../../../core/formats/owl-export';
import { META_UNMODELLED, writeOwlView } from '../../../core/formats/owl-view';
import { InteropError } from './errors';
import { parseRdf } from './parse';
import { toTurtle } from './serialize';

export async function measureAgainstSource(source: readonly Triple[], o: Ontology): Promise<RoundTripMeasure> {
  const rdf = exportRdf(o);
  const again = await parseRdf(toTurtle(rdf.triples, rdf.prefixes), 'turtle');
  const total = measureRoundTrip(source, again.triples);
  const { [META_UNMODELLED]: _kept, ...meta } = o.meta;
  const modelled = measureRoundTrip(source, writeOwlView({ ...o, meta }).triples);
  return { ...total, modelled: { kept: modelled.kept, share: modelled.share } };
}

/** OBO text → ontology and report, plus the OWL statements it stands for (the round trip's source). */
export function importOboText(text: string, options: { name?: string; lang?: readonly string[] }): { ontology: Ontology; report: ImportReport; source: Triple[] } {
  try {
    return importObo(text, { ...(options.name ? { name: options.name } : {}), ...(options.lang ? { lang: options.lang } : {}) });
  } catch (err) {
    if (err instanceof OmsError && err.code === 'OBO_PARSE_ERROR') throw new InteropError('IMPORT_PARSE_ERROR', `cannot parse obo: ${errorMessage(err)}`, { format: 'obo', ...(err.details ?? {}) }, { cause: err });
    throw err;
  }
}
