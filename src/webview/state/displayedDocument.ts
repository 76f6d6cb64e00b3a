/**
 * What the canvas shows of a document: React Flow nodes and edges, and the connected inputs per
 * node — derived from the previous state so that unchanged objects keep their identity (React
 * Flow and the memoized node components then re-render only what changed).
 */
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import { connectedInputs, toFlowElements } from '../flow/toFlowElements.js';
import type { EditorState } from './editorState.js';

/** The part of {@link EditorState} that {@link displayedDocument} derives from a document. */
export type DisplayedDocument = Pick<EditorState, 'nodes' | 'edges' | 'connectedInputs'>;

/** True when `a` and `b` hold the same edge objects in the same order. */
function sameEdges(a: WorkflowDocument, b: WorkflowDocument): boolean {
  const x = a.graph.edges;
  const y = b.graph.edges;
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * The nodes, edges and connected inputs for showing `doc` after `state`: `toFlowElements` against
 * `state`'s nodes and edges (unchanged objects, and the arrays when nothing changed, kept by
 * identity), and `state.connectedInputs` reused while `doc`'s edges are the same objects as
 * `state.document`'s (a move, a data edit: no O(n) rebuild). `doc` null shows nothing. Pure.
 * @example set({ document: doc, ...displayedDocument(get(), doc) });
 */
export function displayedDocument(state: EditorState, doc: WorkflowDocument | null): DisplayedDocument {
  const flow = doc ? toFlowElements(doc, state) : { nodes: [], edges: [] };
  const previous = state.document;
  const inputs = doc && previous && sameEdges(doc, previous) ? state.connectedInputs : connectedInputs(doc);
  return { ...flow, connectedInputs: inputs };
}
