/**
 * The editor root: provides the store, subscribes it to host notifications, and shows the
 * loading state, the parse-error view, or the canvas (with a read-only banner when needed).
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import type { EditorStoreApi } from '../state/editorStore.js';
import { EditorStoreContext, useEditor } from '../state/useEditor.js';
import { Canvas } from './Canvas.js';
import type { UiStateStorage } from './Canvas.js';
import { ErrorView } from './ErrorView.js';
import { Toast } from './Toast.js';

/** Props of {@link App}. */
export interface AppProps {
  readonly store: EditorStoreApi;
  /** Webview state storage for the viewport (VS Code's `getState`/`setState`). */
  readonly uiState?: UiStateStorage;
}

function Body({ uiState }: { uiState?: UiStateStorage }): ReactNode {
  const { loaded, hasDocument, readOnly, readOnlyReason } = useEditor((s) => ({
    loaded: s.loaded,
    hasDocument: s.document !== null,
    readOnly: s.readOnly,
    readOnlyReason: s.readOnlyReason,
  }));
  if (!loaded) return <div className="pg-loading">Loading workflow…</div>;
  if (!hasDocument) return <ErrorView />;
  return (
    <>
      {readOnly ? (
        <div className="pg-banner" role="status">
          Read-only{readOnlyReason ? `: ${readOnlyReason}` : ''}
        </div>
      ) : null}
      <ReactFlowProvider>
        <Canvas uiState={uiState} />
      </ReactFlowProvider>
    </>
  );
}

/** The whole editor. */
export function App({ store, uiState }: AppProps): ReactNode {
  useEffect(() => store.getState().host.onNotification((message) => store.getState().receive(message)), [store]);
  return (
    <EditorStoreContext.Provider value={store}>
      <div className="pg-app">
        <Body uiState={uiState} />
        <Toast />
      </div>
    </EditorStoreContext.Provider>
  );
}
