/**
 * An ontology file made ready for the store without holding it parsed: its snapshot's rows and
 * address, and the entity index keys of every element, gathered element by element as the text is
 * read (core/model/element-stream.ts). `workspace create --from` writes these as they are: a 50k-type
 * file never exists as one parsed tree next to its serialised rows (create peaked at ~8.6× the file).
 */
import { COLLECTIONS, parseOntologyText, stableStringify, type Collection, type Ontology } from '../../../core/model';
import { streamOntologyElements } from '../../../core/model/element-stream';
import { stripBom } from '../../../core/model/strict-json';
import { IndexKeys } from './entity-index';
import { SnapshotBuilder, headerJson, prepareSnapshot, type PreparedSnapshot } from './snapshots';

export interface PreparedOntology {
  snapshot: PreparedSnapshot;
  /** The entity index keys of every entry of `snapshot`. */
  keys: IndexKeys;
}

/**
 * What parseOntologyText(text, source) would give, prepared for the store: the same errors (the
 * text is read whole by parseOntologyText whenever the element reader gives up, and it decides),
 * the same rows and address as prepareSnapshot of its result, the same keys as indexing it whole.
 */
export function prepareOntologyText(text: string, source = 'JSON'): PreparedOntology {
  const builder = new SnapshotBuilder();
  // Per collection, joined in COLLECTIONS order as prepareOntology gathers them (the file lists
  // collections in key order): the same slot rows, byte for byte.
  const byCollection = new Map<Collection, IndexKeys>(COLLECTIONS.map((c) => [c, new IndexKeys()]));
  const header = streamOntologyElements(stripBom(text), {
    element(collection, id, value, sourceText) {
      const body = stableStringify(value);
      // The file's own text when it is canonical already: a slice shares the file's memory, where
      // the serialised copy would be the file's size again, held until the rows are written.
      (byCollection.get(collection) as IndexKeys).add(collection, id, builder.add(collection, id, body === sourceText ? sourceText : body), value);
    },
  });
  if (!header) return prepareOntology(parseOntologyText(text, source));
  const keys = new IndexKeys();
  for (const gathered of byCollection.values()) keys.merge(gathered);
  return { snapshot: builder.finish(headerJson(header)), keys };
}

/** A canonical ontology (parseOntology's or parseOntologyText's result) prepared for the store. */
export function prepareOntology(o: Ontology): PreparedOntology {
  const keys = new IndexKeys();
  return { snapshot: prepareSnapshot(o, (c, id, value, hash) => keys.add(c, id, hash, value)), keys };
}
