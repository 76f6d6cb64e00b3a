/**
 * Shared setup of the jsdom component tests: an editor store over the sample document, the
 * dependency-environment node rendered from it, and the host messages they check. Import
 * `./webComponents.js` first in a test file that renders a vscode-element.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { MissingField } from '../../../src/core/contracts/environmentStatus.js';
import { DependencyEnvironmentNode } from '../../../src/webview/environment/DependencyEnvironmentNode.js';
import { createEditorStore } from '../../../src/webview/state/editorStore.js';
import type { EditorStoreApi } from '../../../src/webview/state/editorStore.js';
import { EditorStoreContext, useEditor } from '../../../src/webview/state/useEditor.js';
import { createFakeHost } from './fakeHost.js';
import type { FakeHost, Sent } from './fakeHost.js';
import { TORCH_INDEX_MISSING, envStatus, sampleDocument } from './fixtures.js';

/**
 * A fake host (answering `environment/ensure` with `checking`) and a store that has received the
 * sample document at version 3, read-only when `readOnly`.
 */
export function setup(readOnly = false): { host: FakeHost; store: EditorStoreApi } {
  const host = createFakeHost({ 'environment/ensure': { state: 'checking' } });
  const store = createEditorStore({ host });
  store.getState().receive({
    type: 'notification',
    method: 'workflow/state',
    params: { version: 3, document: sampleDocument(), errors: [], readOnly },
  });
  return { host, store };
}

/** Renders the sample document's `env` node (a `DependencyEnvironmentNode`) from `store`'s state. */
export function renderEnvNode(store: EditorStoreApi): void {
  const EnvNode = (): ReactNode => {
    const node = useEditor((s) => s.nodes.find((n) => n.id === 'env'));
    const props = { id: 'env', data: node?.data, selected: false, type: 'dependency-environment' } as unknown as Parameters<
      typeof DependencyEnvironmentNode
    >[0];
    return <DependencyEnvironmentNode {...props} />;
  };
  render(
    <EditorStoreContext.Provider value={store}>
      <ReactFlowProvider>
        <EnvNode />
      </ReactFlowProvider>
    </EditorStoreContext.Provider>,
  );
}

/** Delivers a `needs_user_input` status for the `env` node that asks for the `missing` fields. */
export function needsInput(store: EditorStoreApi, missing: MissingField[] = [TORCH_INDEX_MISSING]): void {
  act(() =>
    store.getState().receive({
      type: 'notification',
      method: 'environment/status',
      params: {
        nodeId: 'env',
        ref: null,
        status: envStatus('needs_user_input', [{ from: 'unresolved', to: 'needs_user_input', at: '2025-01-01T10:00:00Z' }], {
          missing_fields: missing,
        }),
      },
    }),
  );
}

/** The `workflow/edits/apply` messages `host` has recorded, in order. */
export const edits = (host: FakeHost): Sent[] => host.sent.filter((m) => m.method === 'workflow/edits/apply');
