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
import { readInitialState } from './initialState.js';
import { createEditorStore } from './state/editorStore.js';
import { getVsCodeApi } from './vscodeApi.js';

/** Webview-state key marking that this panel's HTML has been loaded before. */
const SHOWN_BEFORE = 'shownBefore';

const api = getVsCodeApi();
const host = createHostBridge(api);
const store = createEditorStore({ host });
// A webview recreated after being hidden reloads the same HTML, whose embedded state may be stale:
// then only the state the host sends after `webview/ready` is shown.
const saved = api.getState() as Record<string, unknown> | undefined;
const initialState = saved?.[SHOWN_BEFORE] === true ? undefined : readInitialState(document);
api.setState({ ...saved, [SHOWN_BEFORE]: true });
if (initialState) store.getState().receive(initialState);

/** `webview/ready` tells the host what the embedded state already shows, so it is not sent twice. */
const shown = initialState?.method === 'workflow/state' ? initialState.params : undefined;
const readyParams = shown ? { shown: { version: shown.version, readOnly: shown.readOnly, ...(shown.readOnlyReason === undefined ? {} : { readOnlyReason: shown.readOnlyReason }) } } : {};

function Root(): ReactNode {
  useEffect(() => host.command('webview/ready', readyParams), []);
  return <App store={store} uiState={api} />;
}

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from the webview HTML');
createRoot(container).render(<Root />);
