/** Canvas toolbar: add node, auto-layout (one batch of `move_node` edits), fit view, the minimap toggle. */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from '../controls/Button.js';
import { autoLayoutEdits } from '../flow/autoLayout.js';
import { useEditor, useEditorStoreApi } from '../state/useEditor.js';
import { useFitAll } from './useFitAll.js';

/** The minimap toggle's state: `on` as chosen, `shown` false while nodes lie under its corners. */
export interface MinimapToggle {
  readonly on: boolean;
  readonly shown: boolean;
  toggle(): void;
}

/** The toolbar; `onAddNode` opens the palette. */
export function Toolbar({ onAddNode, minimap }: { onAddNode(): void; minimap?: MinimapToggle }): ReactNode {
  const store = useEditorStoreApi();
  const readOnly = useEditor((s) => s.readOnly);
  const fitAll = useFitAll();
  const [busy, setBusy] = useState(false);

  const layout = async (): Promise<void> => {
    const { document, nodes, applyEdits, showToast } = store.getState();
    if (!document) return;
    setBusy(true);
    try {
      const sizes = new Map(
        nodes
          .filter((n) => n.measured?.width && n.measured.height)
          .map((n) => [n.id, { width: n.measured?.width ?? 0, height: n.measured?.height ?? 0 }]),
      );
      const edits = await autoLayoutEdits(document, sizes);
      if (edits.length > 0 && applyEdits(edits, 'Auto-layout')) requestAnimationFrame(() => fitAll(200));
    } catch (error) {
      showToast(`Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="pg-toolbar" role="toolbar" aria-label="Editor">
      <Button secondary onClick={onAddNode} disabled={readOnly} title="Add node (Shift+A, Ctrl+K, double-click)">
        Add node
      </Button>
      <Button secondary onClick={() => void layout()} disabled={readOnly || busy}>
        Auto-layout
      </Button>
      <Button secondary onClick={() => fitAll(200)}>
        Fit view
      </Button>
      {minimap ? (
        <Button
          secondary
          pressed={minimap.on}
          onClick={minimap.toggle}
          title={minimap.on && !minimap.shown ? 'Minimap (hidden while nodes are under it)' : 'Show or hide the minimap'}
        >
          Minimap
        </Button>
      ) : null}
    </div>
  );
}
