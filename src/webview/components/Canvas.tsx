/**
 * The React Flow canvas: renders the store's nodes and edges; drags end as `move_node` edits,
 * connections as `connect` edits (refused live, with the reason, when port types do not match);
 * double-click on the empty canvas opens the add-node palette at the cursor. The viewport is UI
 * state, kept in the webview's own state (`setState`), never written to the file. `data-version`
 * is the host version on screen (tests and the benchmark wait for it). The minimap (toggled from
 * the toolbar, the choice kept in the webview state) sits in the bottom-right corner, else the
 * top-right one, and hides while nodes lie under both (`minimapPlacement.ts`). Until the page is
 * first idle (or the user first touches the canvas, or the page is resized) React Flow gets only the
 * part of a big graph the opening view needs (`flow/openingElements.ts`), then all of it.
 */
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import type { Connection, Edge, IsValidConnection, OnNodeDrag, ReactFlowState, Viewport } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MouseEvent, ReactNode } from 'react';
import { validateConnection } from '../flow/connectionRules.js';
import { addNodeEdit, connectionEdits, moveEdits } from '../flow/graphEdits.js';
import { openingViewport } from '../flow/initialViewport.js';
import { openingElements } from '../flow/openingElements.js';
import type { WorkflowFlowNode } from '../flow/toFlowElements.js';
import { COMPACT_ZOOM } from '../nodes/NodeShell.js';
import { nodeComponents } from './nodeComponents.js';
import { useEditor, useEditorStoreApi } from '../state/useEditor.js';
import { useEditorShortcuts } from '../state/useEditorShortcuts.js';
import { useRunAnimatedEdges } from '../state/useRunAnimatedEdges.js';
import { AddNodePalette } from './AddNodePalette.js';
import { minimapPlacement } from './minimapPlacement.js';
import { useFitAll } from './useFitAll.js';
import { useAfterFirstIdle } from './useAfterFirstIdle.js';
import { Toolbar } from './Toolbar.js';

/** Where the webview keeps UI state across reloads (`acquireVsCodeApi()` satisfies it). */
export interface UiStateStorage {
  getState(): unknown;
  setState(state: unknown): void;
}

// Constant props: React Flow re-syncs (and key listeners re-subscribe) when these change identity,
// and the canvas re-renders on every drag step.
const PRO_OPTIONS = { hideAttribution: true } as const;
const MULTI_SELECTION_KEYS = ['Meta', 'Control', 'Shift'];
const MIN_ZOOM = 0.1;
const MAX_ZOOM = 2;

/** Whether the minimap is on, as stored in the webview state (on unless turned off). */
function savedMinimap(storage: UiStateStorage | undefined): boolean {
  return (storage?.getState() as { minimap?: unknown } | undefined)?.minimap !== false;
}

const isZoomedOut = (s: ReactFlowState): boolean => s.transform[2] < COMPACT_ZOOM;

function savedViewport(storage: UiStateStorage | undefined): Viewport | undefined {
  const state = storage?.getState() as { viewport?: Viewport } | undefined;
  const v = state?.viewport;
  return v && Number.isFinite(v.x) && Number.isFinite(v.y) && Number.isFinite(v.zoom) && v.zoom > 0 ? v : undefined;
}

/** The canvas. */
export function Canvas({ uiState }: { uiState?: UiStateStorage }): ReactNode {
  const store = useEditorStoreApi();
  const {
    version,
    nodes,
    edges,
    readOnly,
    opening: openingPhase,
    onNodesChange,
    onEdgesChange,
  } = useEditor((s) => ({
    version: s.version,
    nodes: s.nodes,
    edges: s.edges,
    readOnly: s.readOnly,
    opening: s.controlsDeferred,
    onNodesChange: s.onNodesChange,
    onEdgesChange: s.onEdgesChange,
  }));
  const { screenToFlowPosition } = useReactFlow();
  const fitAll = useFitAll();
  const wrapper = useRef<HTMLDivElement>(null);
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const [palette, setPalette] = useState<{ screen: { x: number; y: number }; local: { x: number; y: number } } | null>(null);
  const [initialViewport] = useState(() => savedViewport(uiState) ?? store.getState().document?.viewport);
  // Without a stored viewport: fit view, or a readable corner of a huge graph (see initialViewport.ts).
  const [opening] = useState(() => {
    const document = store.getState().document;
    return initialViewport || !document
      ? undefined
      : openingViewport(document, window.innerWidth, window.innerHeight, MIN_ZOOM, MAX_ZOOM);
  });

  const openPalette = useCallback((at?: { x: number; y: number }) => {
    const box = wrapper.current?.getBoundingClientRect();
    const screen =
      at ?? pointer.current ?? (box ? { x: box.left + box.width / 2, y: box.top + box.height / 3 } : { x: 200, y: 200 });
    setPalette({ screen, local: { x: screen.x - (box?.left ?? 0), y: screen.y - (box?.top ?? 0) } });
  }, []);
  useEditorShortcuts(store, openPalette);
  const shownEdges = useRunAnimatedEdges(edges);
  // The view the canvas opens at when it is not fitted (fitted: every node is in view anyway).
  const [openingView] = useState(() => initialViewport ?? (opening && !opening.fit ? opening.viewport : undefined));
  const flow = useMemo(
    () =>
      openingPhase && openingView
        ? openingElements({ nodes, edges: shownEdges }, openingView, window.innerWidth, window.innerHeight)
        : { nodes, edges: shownEdges },
    [openingPhase, openingView, nodes, shownEdges],
  );
  // A gesture on the canvas ends the opening phase first, so it acts on the whole graph; so does a
  // resize, which can show more than the opening view's part.
  const endOpening = useCallback(() => store.getState().activateControls(), [store]);
  useEffect(() => {
    if (!openingPhase) return undefined;
    window.addEventListener('resize', endOpening);
    return () => window.removeEventListener('resize', endOpening);
  }, [openingPhase, endOpening]);

  const pick = (nodeType: string): void => {
    const { document, applyEdits, selectNodes } = store.getState();
    if (!palette || !document) return;
    const edit = addNodeEdit(document, nodeType, screenToFlowPosition(palette.screen));
    setPalette(null);
    if (applyEdits([edit], 'Add node') && edit.kind === 'add_node') selectNodes([edit.node.id]);
  };

  const isValidConnection: IsValidConnection<Edge> = useCallback(
    (c) => {
      const { document, toast, showToast } = store.getState();
      if (!document) return false;
      const verdict = validateConnection(document, {
        source: c.source,
        sourceHandle: c.sourceHandle ?? null,
        target: c.target,
        targetHandle: c.targetHandle ?? null,
      });
      if (!verdict.ok && toast?.message !== verdict.reason) showToast(verdict.reason);
      return verdict.ok;
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const { document, applyEdits } = store.getState();
      if (!document || !c.sourceHandle || !c.targetHandle) return;
      applyEdits(
        connectionEdits(document, {
          source: c.source,
          sourceHandle: c.sourceHandle,
          target: c.target,
          targetHandle: c.targetHandle,
        }),
        'Connect',
      );
    },
    [store],
  );

  const onNodeDragStop: OnNodeDrag<WorkflowFlowNode> = useCallback(
    (_event, _node, dragged) => {
      const { document, applyEdits } = store.getState();
      if (!document) return;
      const edits = moveEdits(document, dragged);
      if (edits.length > 0) applyEdits(edits, edits.length === 1 ? 'Move node' : 'Move nodes');
    },
    [store],
  );

  const onMoveEnd = useCallback(
    (_event: unknown, viewport: Viewport) => uiState?.setState({ ...(uiState.getState() as object | undefined), viewport }),
    [uiState],
  );

  const onDoubleClick = (e: MouseEvent): void => {
    if (readOnly || !(e.target instanceof Element) || !e.target.classList.contains('react-flow__pane')) return;
    openPalette({ x: e.clientX, y: e.clientY });
  };

  const idle = useAfterFirstIdle();
  useEffect(() => {
    if (idle) store.getState().activateControls();
  }, [idle, store]);
  const [minimapOn, setMinimapOn] = useState(() => savedMinimap(uiState));
  const toggleMinimap = useCallback(() => {
    setMinimapOn((on) => {
      uiState?.setState({ ...(uiState.getState() as object | undefined), minimap: !on });
      return !on;
    });
  }, [uiState]);
  const placement = useStore(minimapPlacement);
  // Growth is only content growth at a readable zoom (see state/roomForGrowth.ts).
  const zoomedOut = useStore(isZoomedOut);
  useLayoutEffect(() => store.setState({ zoomedOut }), [store, zoomedOut]);
  return (
    <div
      className="pg-canvas"
      data-version={version}
      ref={wrapper}
      onDoubleClick={onDoubleClick}
      onPointerDownCapture={openingPhase ? endOpening : undefined}
      onKeyDownCapture={openingPhase ? endOpening : undefined}
      onWheelCapture={openingPhase ? endOpening : undefined}
      onMouseMove={(e) => (pointer.current = { x: e.clientX, y: e.clientY })}
    >
      <ReactFlow<WorkflowFlowNode, Edge>
        nodes={flow.nodes}
        edges={flow.edges}
        nodeTypes={nodeComponents}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={null}
        multiSelectionKeyCode={MULTI_SELECTION_KEYS}
        selectionKeyCode="Shift"
        zoomOnDoubleClick={false}
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
        {...(initialViewport
          ? { defaultViewport: initialViewport }
          : { fitView: opening?.fit ?? true, ...(opening ? { defaultViewport: opening.viewport } : {}) })}
        onMoveEnd={onMoveEnd}
        onlyRenderVisibleElements
        proOptions={PRO_OPTIONS}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        {idle && minimapOn && placement !== 'hidden' ? (
          <MiniMap pannable zoomable position={placement} className="pg-minimap" ariaLabel="Minimap" />
        ) : null}
        <Controls className="pg-controls" showFitView={false}>
          <ControlButton className="react-flow__controls-fitview" onClick={() => fitAll()} title="Fit view" aria-label="Fit view">
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" style={{ fill: 'none' }} stroke="currentColor" strokeWidth="1.5" />
            </svg>
          </ControlButton>
        </Controls>
        <Panel position="top-left">
          <Toolbar
            onAddNode={() => openPalette()}
            minimap={{ on: minimapOn, shown: placement !== 'hidden', toggle: toggleMinimap }}
          />
        </Panel>
      </ReactFlow>
      {palette ? <AddNodePalette at={palette.local} onPick={pick} onClose={() => setPalette(null)} /> : null}
    </div>
  );
}
