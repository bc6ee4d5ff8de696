import { describeImport, type ImportEdge, type ImportGraph } from './import-graph.js';

/**
 * Import cycles between the files of a graph.
 *
 * Strongly connected components (Tarjan) say which files are tangled together; inside each
 * component we then report, for every import edge u → v, the shortest cycle through it
 * (v → … → u closed by u → v). Duplicates are dropped, so every edge that takes part in a
 * cycle appears in at least one reported chain and a simple A → B → A is reported once.
 */

export interface Cycle {
  /** The chain of files; the last one imports the first again. Starts at the smallest path. */
  readonly files: readonly string[];
  /** One import per hop: files[k] → files[k + 1], the last back to files[0]. */
  readonly hops: readonly ImportEdge[];
  /** True when at least one hop is `import type` only, so the cycle is absent at runtime. */
  readonly typeOnly: boolean;
}

/** file → imported file → the imports between them. Only edges between files of the graph. */
function adjacency(graph: ImportGraph): Map<string, Map<string, ImportEdge[]>> {
  const known = new Set(graph.files);
  const adj = new Map<string, Map<string, ImportEdge[]>>(graph.files.map((f) => [f, new Map()]));
  for (const edge of graph.imports) {
    if (edge.target === undefined || !known.has(edge.target)) continue;
    const out = adj.get(edge.from);
    out?.set(edge.target, [...(out.get(edge.target) ?? []), edge]);
  }
  return adj;
}

function stronglyConnected(adj: Map<string, Map<string, ImportEdge[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of adj.get(v)?.keys() ?? []) {
      if (!index.has(w)) visit(w);
      if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    components.push(component.sort());
  };
  for (const v of adj.keys()) if (!index.has(v)) visit(v);
  return components;
}

/** Shortest path start → … → goal inside `members` (breadth first, neighbours in sorted order). */
function shortestPath(
  adj: Map<string, Map<string, ImportEdge[]>>,
  members: Set<string>,
  start: string,
  goal: string,
) {
  const previous = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  for (let k = 0; k < queue.length && !previous.has(goal); k++) {
    const v = queue[k] as string;
    for (const w of [...(adj.get(v)?.keys() ?? [])].sort()) {
      if (members.has(w) && !previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  const path: string[] = [];
  for (let v: string | undefined = goal; v !== undefined; v = previous.get(v)) path.unshift(v);
  return path;
}

/** The edge a hop stands for: a runtime import when there is one, else the first type import. */
function hopEdge(adj: Map<string, Map<string, ImportEdge[]>>, from: string, to: string): ImportEdge {
  const edges = adj.get(from)?.get(to) ?? [];
  const edge = edges.find((e) => !e.typeOnly) ?? edges[0];
  if (edge === undefined) throw new Error(`cycles: no edge ${from} → ${to}`);
  return edge;
}

export function findCycles(graph: ImportGraph): Cycle[] {
  const adj = adjacency(graph);
  const cycles = new Map<string, Cycle>();
  for (const component of stronglyConnected(adj)) {
    const members = new Set(component);
    for (const u of component) {
      for (const v of adj.get(u)?.keys() ?? []) {
        if (!members.has(v)) continue;
        const ring = u === v ? [u] : [u, ...shortestPath(adj, members, v, u).slice(0, -1)];
        const smallest = ring.indexOf([...ring].sort()[0] as string);
        const files = [...ring.slice(smallest), ...ring.slice(0, smallest)];
        const hops = files.map((f, k) => hopEdge(adj, f, files[(k + 1) % files.length] as string));
        cycles.set(files.join(' → '), { files, hops, typeOnly: hops.some((h) => h.typeOnly) });
      }
    }
  }
  return [...cycles.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, cycle]) => cycle);
}

export function describeCycle(cycle: Cycle): string {
  const chain = [...cycle.files, cycle.files[0]].join(' → ');
  const kind = cycle.typeOnly ? 'cycle through import type' : 'runtime cycle';
  return [`${kind}: ${chain}`, ...cycle.hops.map((hop) => `    ${describeImport(hop)}`)].join('\n');
}
