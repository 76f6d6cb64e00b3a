/**
 * Selection commands over the store: delete, copy, paste, duplicate, select all. Each builds
 * `WorkflowEdit`s with the pure functions of `flow/` and sends them through `applyEdits`.
 */
import { copySelection, pasteEdits } from '../flow/clipboard.js';
import { deletionEdits } from '../flow/graphEdits.js';
import type { EditorStoreApi } from './editorStore.js';

function selectedNodeIds(store: EditorStoreApi): string[] {
  return store
    .getState()
    .nodes.filter((n) => n.selected)
    .map((n) => n.id);
}

/** Deletes the selected nodes (with their edges) and selected edges. True when edits were sent. */
export function deleteSelected(store: EditorStoreApi): boolean {
  const { document, edges, applyEdits } = store.getState();
  if (!document) return false;
  const edits = deletionEdits(
    document,
    selectedNodeIds(store),
    edges.filter((e) => e.selected).map((e) => e.id),
  );
  return edits.length > 0 && applyEdits(edits, 'Delete');
}

/** Copies the selected nodes and the edges between them to the editor clipboard. */
export function copySelected(store: EditorStoreApi): boolean {
  const { document, setClipboard } = store.getState();
  const ids = selectedNodeIds(store);
  if (!document || ids.length === 0) return false;
  setClipboard(copySelection(document, ids));
  return true;
}

/** Pastes the clipboard (each paste shifted further) and selects the pasted nodes. */
export function pasteClipboard(store: EditorStoreApi): boolean {
  const { document, clipboard, applyEdits, notePaste, selectNodes } = store.getState();
  if (!document || !clipboard || clipboard.content.nodes.length === 0) return false;
  const { edits, newIds } = pasteEdits(document, clipboard.content, clipboard.pastes + 1);
  if (!applyEdits(edits, 'Paste')) return false;
  notePaste();
  selectNodes(newIds);
  return true;
}

/** Duplicates the selected nodes (and the edges between them) without touching the clipboard. */
export function duplicateSelected(store: EditorStoreApi): boolean {
  const { document, applyEdits, selectNodes } = store.getState();
  const ids = selectedNodeIds(store);
  if (!document || ids.length === 0) return false;
  const { edits, newIds } = pasteEdits(document, copySelection(document, ids));
  if (!applyEdits(edits, 'Duplicate')) return false;
  selectNodes(newIds);
  return true;
}

/** Selects every node. */
export function selectAll(store: EditorStoreApi): boolean {
  const { nodes, selectNodes } = store.getState();
  selectNodes(nodes.map((n) => n.id));
  return true;
}
