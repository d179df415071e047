/**
 * The merge result under construction. It shares unchanged element objects with the inputs (no
 * copying of 10k untouched types), so every write copies the records on its path first.
 */
import { getIn, isRecord, type JsonRecord } from '../diff/values';

export class Draft {
  private readonly owned = new WeakSet<object>();

  constructor(readonly root: JsonRecord, ownedChildren: readonly string[]) {
    this.owned.add(root);
    for (const k of ownedChildren) {
      const v = root[k];
      if (isRecord(v)) this.owned.add(v);
    }
  }

  get(path: readonly string[]): unknown {
    return getIn(this.root, path);
  }

  has(path: readonly string[]): boolean {
    return isRecord(this.get(path));
  }

  /** Set (undefined: delete) the member at `path`; missing intermediate records are created. */
  set(path: readonly string[], value: unknown): void {
    if (path.length === 0) return;
    let cur = this.root;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i] as string;
      const next = cur[seg];
      let child: JsonRecord;
      if (isRecord(next) && this.owned.has(next)) child = next;
      else {
        child = isRecord(next) ? { ...next } : {};
        this.owned.add(child);
        cur[seg] = child;
      }
      cur = child;
    }
    const last = path[path.length - 1] as string;
    if (value === undefined) delete cur[last];
    else cur[last] = value;
  }
}
