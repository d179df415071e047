/** The bundled example ontologies (examples/*.oms.json) a first run offers. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StudioError, type Example } from '../../../core/contract/studio-api';
import { parseOntology, type Ontology } from '../../../core/model';

export const DEFAULT_EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/', import.meta.url));
const SUFFIX = '.oms.json';

export class Examples {
  constructor(private readonly dir: string = DEFAULT_EXAMPLES_DIR) {}

  private ids(): string[] {
    try {
      return readdirSync(this.dir).filter((f) => f.endsWith(SUFFIX)).map((f) => f.slice(0, -SUFFIX.length)).filter((id) => /^[a-z0-9-]+$/.test(id)).sort();
    } catch {
      return []; // a build without examples offers none; the first-run screen then shows "create" only
    }
  }

  load(id: string): Ontology {
    if (!this.ids().includes(id)) throw new StudioError('NOT_FOUND', `no bundled example "${id}"`, { id });
    return parseOntology(JSON.parse(readFileSync(join(this.dir, `${id}${SUFFIX}`), 'utf8')));
  }

  list(): Example[] {
    return this.ids().map((id) => {
      const o = this.load(id);
      return { id, name: o.name, description: o.description, objectTypes: Object.keys(o.objectTypes).length, linkTypes: Object.keys(o.linkTypes).length };
    });
  }
}
