/**
 * Webview entry point: acquires the VS Code API, builds the host bridge and the store (seeded with
 * the state the host embedded in the HTML, if any, so the first frame shows the document), renders
 * `<App>` and posts `webview/ready` once mounted (the host posts nothing before it).
 */
import './zodConfig.js';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { createRoot } from 'react-dom/client';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { App } from './components/App.js';
import { createHostBridge } from './hostBridge.js';
import { startingState } from './initialState.js';
import { createEditorStore } from './state/editorStore.js';
import { getVsCodeApi } from './vscodeApi.js';

const api = getVsCodeApi();
const host = createHostBridge(api);
// Parameter fields start as static previews; the canvas makes them real controls when first idle.
const store = createEditorStore({ host, state: { controlsDeferred: true } });
const { initialState, readyParams } = startingState(api, document);
if (initialState) store.getState().receive(initialState);

function Root(): ReactNode {
  useEffect(() => host.command('webview/ready', readyParams), []);
  return <App store={store} uiState={api} />;
}

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from the webview HTML');
createRoot(container).render(<Root />);
