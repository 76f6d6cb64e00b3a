/**
 * The nodes a run will execute, in the executor's order: the targets (default every sink) and
 * their ancestors, topologically sorted with ties in document order — what `executeWorkflow`
 * runs, so a UI can show them queued before the first one starts.
 */
import { ancestorsOf, buildAdjacency, sinkNodes, topologicalOrder } from '../workflow/graphOrder.js';
import type { WorkflowDocument } from '../workflow/workflowSchema.js';

/** The planned order of a run of `doc` for `targets`; empty when the graph has a cycle or a target is unknown. */
export function plannedRunOrder(doc: WorkflowDocument, targets?: readonly string[]): string[] {
  const adjacency = buildAdjacency(doc);
  if ((targets ?? []).some((id) => !adjacency.successors.has(id))) return [];
  return topologicalOrder(adjacency, ancestorsOf(adjacency, targets ?? sinkNodes(adjacency))) ?? [];
}
