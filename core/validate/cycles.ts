/**
 * Cycle finding for inheritance-like graphs (interface extends, struct containment). Tarjan's
 * strongly connected components, iterative so a 10,000-deep chain cannot overflow the stack.
 * Each cyclic component is reported once, with one concrete cycle through its smallest id, so the
 * same broken graph always gives the same message.
 */
export function findCycles(nodes: Iterable<string>, successors: (id: string) => readonly string[]): string[][] {
  return cyclicComponents(nodes, successors)
    .map((component) => cycleThrough(new Set(component), successors))
    .sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
}

/**
 * The strongly connected components that hold a cycle (two or more members, or a self-loop), each
 * with its members sorted, in the order the walk from `nodes` finds them. Shared with the merge's
 * cycle detection (core/merge/cycles.ts), which reasons about whole components.
 */
export function cyclicComponents(nodes: Iterable<string>, successors: (id: string) => readonly string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const succ = successors(frame.id);
      if (frame.next < succ.length) {
        const w = succ[frame.next++] as string;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ id: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(w) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== frame.id);
      const selfLoop = component.length === 1 && successors(frame.id).includes(frame.id);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  }
  return components;
}

/** A shortest cycle from the smallest id of a component back to itself (breadth-first inside it). */
function cycleThrough(component: Set<string>, successors: (id: string) => readonly string[]): string[] {
  const start = [...component].sort()[0] as string;
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i] as string;
    for (const w of [...successors(v)].sort()) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(parent.get(path[0] as string) as string);
        return [...path, start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
