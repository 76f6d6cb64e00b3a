/**
 * Live connection checks for the canvas, with a human reason when a connection is refused.
 * Mirrors the rules of `applyWorkflowEdits` (port types, self loops, cycles) so an invalid
 * connection is refused while dragging, before any edit is built. Pure.
 */
import { arePortTypesCompatible, findInputPort, findOutputPort } from '../../core/workflow/nodeTypes.js';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';

/** A connection attempt as React Flow reports it. */
export interface ConnectionAttempt {
  readonly source: string;
  readonly sourceHandle?: string | null;
  readonly target: string;
  readonly targetHandle?: string | null;
}

/** The verdict on a connection attempt. */
export type ConnectionVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

function reaches(doc: WorkflowDocument, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of doc.graph.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

/**
 * Whether `attempt` may become an edge of `doc`: both ports exist, their data types are
 * compatible (`arePortTypesCompatible`), and the edge makes no self loop or cycle. An input that is
 * already connected is allowed: the new edge replaces the old one (see `connectionEdits`).
 * @example validateConnection(doc, { source: 'model', sourceHandle: 'model_id', target: 'env', targetHandle: 'dependency_requirements' })
 *   // → { ok: false, reason: 'model_id [string] cannot feed dependency_requirements [json]' }
 */
export function validateConnection(doc: WorkflowDocument, attempt: ConnectionAttempt): ConnectionVerdict {
  const source = doc.graph.nodes.find((n) => n.id === attempt.source);
  const target = doc.graph.nodes.find((n) => n.id === attempt.target);
  if (!source || !target) return { ok: false, reason: 'unknown node' };
  const out = attempt.sourceHandle ? findOutputPort(source.node_type, attempt.sourceHandle) : undefined;
  const inp = attempt.targetHandle ? findInputPort(target.node_type, attempt.targetHandle) : undefined;
  if (!out) return { ok: false, reason: `${source.node_type} has no output "${attempt.sourceHandle ?? ''}"` };
  if (!inp) return { ok: false, reason: `${target.node_type} has no input "${attempt.targetHandle ?? ''}"` };
  if (!arePortTypesCompatible(out.type, inp.type))
    return { ok: false, reason: `${out.name} [${out.type}] cannot feed ${inp.name} [${inp.type}]` };
  if (source.id === target.id) return { ok: false, reason: 'a node cannot feed itself' };
  if (reaches(doc, target.id, source.id)) return { ok: false, reason: 'the edge would create a cycle' };
  return { ok: true };
}
