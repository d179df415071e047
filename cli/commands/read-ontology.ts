/** readOntologyFile, with the file name in MODEL_INVALID messages (several files may be in play). */
import { ModelError } from '../../core/errors';
import type { Ontology } from '../../core/model';
import { readOntologyFile } from '../files';

export function readOntology(file: string): Ontology {
  try {
    return readOntologyFile(file);
  } catch (err) {
    if (err instanceof ModelError) throw new ModelError(err.code, `${file}: ${err.message}`, { ...err.details, file }, { cause: err });
    throw err;
  }
}
