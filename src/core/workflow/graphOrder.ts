/**
 * Graph algorithms over workflow nodes and edges, all iterative (no recursion, so a huge graph
 * cannot overflow the stack) and deterministic (ties broken by document order). Pure.
 */
import type { WorkflowDocument } from './workflowSchema.js';

/** Adjacency of a workflow restricted to edges whose both ends exist (first node wins on duplicate ids). */
export interface WorkflowAdjacency {
  /** Node ids in document order, without duplicates. */
  readonly ids: readonly string[];
  readonly successors: ReadonlyMap<string, readonly string[]>;
  readonly predecessors: ReadonlyMap<string, readonly string[]>;
}

/** Builds the {@link WorkflowAdjacency} of `doc`; dangling edges are ignored. */
export function buildAdjacency(doc: WorkflowDocument): WorkflowAdjacency {
  const ids: string[] = [];
  const successors = new Map<string, string[]>();
  const predecessors = new Map<string, string[]>();
  for (const node of doc.graph.nodes) {
    if (successors.has(node.id)) continue;
    ids.push(node.id);
    successors.set(node.id, []);
    predecessors.set(node.id, []);
  }
  for (const edge of doc.graph.edges) {
    const out = successors.get(edge.source);
    const into = predecessors.get(edge.target);
    if (!out || !into) continue;
    if (!out.includes(edge.target)) out.push(edge.target);
    if (!into.includes(edge.source)) into.push(edge.source);
  }
  return { ids, successors, predecessors };
}

/**
 * Strongly connected components that form cycles (more than one node, or a node with an edge to
 * itself), each listed in discovery order. Iterative Tarjan.
 */
export function findCycles(adjacency: WorkflowAdjacency): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
  };
  for (const root of adjacency.ids) {
    if (index.has(root)) continue;
    visit(root);
    const work: [string, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1] as [string, number];
      const [id, i] = frame;
      const next = adjacency.successors.get(id) ?? [];
      if (i < next.length) {
        frame[1] = i + 1;
        const w = next[i] as string;
        if (!index.has(w)) {
          visit(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(id, Math.min(low.get(id) ?? 0, index.get(w) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]) ?? 0, low.get(id) ?? 0));
      if (low.get(id) !== index.get(id)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      component.reverse();
      if (component.length > 1 || (adjacency.successors.get(id) ?? []).includes(id)) cycles.push(component);
    }
  }
  return cycles;
}

/**
 * A topological order of `subset` (default: all nodes), ties broken by document order, or
 * `undefined` when the subset contains a cycle. Edges leaving the subset are ignored.
 */
export function topologicalOrder(adjacency: WorkflowAdjacency, subset?: ReadonlySet<string>): string[] | undefined {
  const members = adjacency.ids.filter((id) => !subset || subset.has(id));
  const position = new Map(members.map((id, i) => [id, i]));
  const pending = new Map(
    members.map((id) => [id, (adjacency.predecessors.get(id) ?? []).filter((p) => position.has(p)).length]),
  );
  const ready = members.filter((id) => pending.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(id);
    for (const next of adjacency.successors.get(id) ?? []) {
      if (!position.has(next)) continue;
      const left = (pending.get(next) ?? 0) - 1;
      pending.set(next, left);
      if (left !== 0) continue;
      const at = ready.findIndex((r) => (position.get(r) ?? 0) > (position.get(next) ?? 0));
      ready.splice(at < 0 ? ready.length : at, 0, next);
    }
  }
  return order.length === members.length ? order : undefined;
}

/** `targets` plus every node they transitively depend on. */
export function ancestorsOf(adjacency: WorkflowAdjacency, targets: readonly string[]): Set<string> {
  const needed = new Set<string>();
  const queue = [...targets];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (needed.has(id)) continue;
    needed.add(id);
    queue.push(...(adjacency.predecessors.get(id) ?? []));
  }
  return needed;
}

/** Nodes with no outgoing edge, in document order. */
export function sinkNodes(adjacency: WorkflowAdjacency): string[] {
  return adjacency.ids.filter((id) => (adjacency.successors.get(id) ?? []).length === 0);
}
