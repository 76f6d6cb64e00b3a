// @vitest-environment jsdom
import { controlByLabel, settled } from './support/webComponents.js';
import { act, cleanup, fireEvent, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { TextArea, TextField } from '../../src/webview/controls/TextField.js';
import { createEditorStore } from '../../src/webview/state/editorStore.js';
import type { EditorStoreApi } from '../../src/webview/state/editorStore.js';
import { EditorStoreContext } from '../../src/webview/state/useEditor.js';
import { useEditorShortcuts } from '../../src/webview/state/useEditorShortcuts.js';
import { edits, setup } from './support/componentEditor.js';
import { createFakeHost } from './support/fakeHost.js';

afterEach(cleanup);

describe('canvas shortcuts and vscode-elements text fields', () => {
  function Fields({ store }: { store: EditorStoreApi }): ReactNode {
    useEditorShortcuts(store, () => undefined);
    return (
      <>
        <TextField label="field" value="" onValue={() => undefined} />
        <TextArea label="area" value="" onValue={() => undefined} />
      </>
    );
  }
  /** A key pressed in the native input inside `host`'s shadow root; true when it reached `window` un-prevented. */
  function typeKey(host: Element, key: string, init: KeyboardEventInit = {}): boolean {
    const inner = host.shadowRoot?.querySelector('input, textarea');
    if (!inner) throw new Error(`${host.localName} rendered no native input`);
    const event = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...init });
    inner.dispatchEvent(event);
    return !event.defaultPrevented;
  }

  it('leaves Delete, Backspace, Ctrl+C/V/D/A typed in a field to the field (retargeted to the host element)', async () => {
    const { host, store } = setup();
    render(<Fields store={store} />);
    await settled();
    act(() => store.getState().selectNodes(['text']));
    for (const el of [document.querySelector('vscode-textfield'), document.querySelector('vscode-textarea')]) {
      if (!el) throw new Error('no field');
      for (const [key, init] of [
        ['Delete', {}],
        ['Backspace', {}],
        ['c', { ctrlKey: true }],
        ['v', { ctrlKey: true }],
        ['d', { ctrlKey: true }],
        ['a', { ctrlKey: true }],
        ['A', { shiftKey: true }],
      ] as const) {
        expect(typeKey(el, key, init), `${el.localName} ${key}`).toBe(true);
      }
    }
    expect(host.sent).toEqual([]);
    expect(store.getState().nodes.map((n) => n.id)).toContain('text');
    // The same key outside a field is the canvas's.
    act(() => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true, cancelable: true })));
    expect(edits(host)[0]?.params).toMatchObject({ edits: [{ kind: 'remove_node', node_id: 'text' }] });
  });
});

describe('deferred parameter fields', () => {
  it('shows a static preview, hidden from assistive technology, until the controls are activated (or the preview is pressed)', async () => {
    const { ParamField } = await import('../../src/webview/nodes/ParamField.js');
    const host = createFakeHost({});
    const store = createEditorStore({ host, state: { controlsDeferred: true } });
    render(
      <EditorStoreContext.Provider value={store}>
        <ParamField label="prompt" kind="textarea" value="rain on a roof" onCommit={() => undefined} />
        <ParamField label="seed" kind="number" value={42} onCommit={() => undefined} />
      </EditorStoreContext.Provider>,
    );
    const previews = Array.from(document.querySelectorAll('.pg-input-preview'));
    expect(previews.map((p) => [p.textContent, p.getAttribute('aria-hidden')])).toEqual([
      ['rain on a roof', 'true'],
      ['42', 'true'],
    ]);
    expect(document.querySelector('vscode-textarea, vscode-textfield')).toBeNull();
    fireEvent.pointerDown(previews[1]!);
    expect(store.getState().controlsDeferred).toBe(false);
    await settled();
    expect(document.querySelectorAll('.pg-input-preview')).toHaveLength(0);
    expect((controlByLabel(/^seed$/) as unknown as { value: string }).value).toBe('42');
  });
});
