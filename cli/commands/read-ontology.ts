/** readOntologyFile, with the file name in MODEL_INVALID messages (several files may be in play). */
import { ModelError } from '../../core/errors';
import { parseOntologyText, type Ontology } from '../../core/model';
import { readOntologyFileWith } from '../files';

export function readOntology(file: string): Ontology {
  return readOntologyWith(file, parseOntologyText);
}

/** readOntology with another reader of the text (one that gives parseOntologyText's errors). */
export function readOntologyWith<T>(file: string, read: (text: string, source: string) => T): T {
  try {
    return readOntologyFileWith(file, read);
  } catch (err) {
    if (err instanceof ModelError) throw new ModelError(err.code, `${file}: ${err.message}`, { ...err.details, file }, { cause: err });
    throw err;
  }
}
