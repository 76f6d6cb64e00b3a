// @vitest-environment jsdom
import { settled } from './support/webComponents.js';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/webview/components/App.js';
import { createEditorStore } from '../../src/webview/state/editorStore.js';
import { createFakeHost } from './support/fakeHost.js';

afterEach(cleanup);

describe('error view', () => {
  it('lists the parse errors with line:column and opens the file as text', async () => {
    const host = createFakeHost();
    const store = createEditorStore({ host });
    render(<App store={store} />);
    act(() =>
      host.emit({
        type: 'notification',
        method: 'workflow/state',
        params: {
          version: 1,
          document: null,
          readOnly: false,
          errors: [
            { code: 'invalid_json', message: 'Unexpected token', path: [], line: 3, column: 14 },
            { code: 'unknown_node_type', message: 'bad node', path: ['graph'] },
          ],
        },
      }),
    );
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['invalid_json Unexpected token (line 3:14)', 'unknown_node_type bad node']);
    await settled();
    fireEvent.click(screen.getByRole('button', { name: 'Open as text' }));
    expect(host.sent).toEqual([{ kind: 'command', method: 'document/openAsText', params: {} }]);
  });
});
