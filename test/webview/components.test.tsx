// @vitest-environment jsdom
import { controlByLabel, settled, typeInto } from './support/webComponents.js';
import { ReactFlowProvider } from '@xyflow/react';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MissingField } from '../../src/core/contracts/environmentStatus.js';
import { App } from '../../src/webview/components/App.js';
import { DependencyEnvironmentNode } from '../../src/webview/environment/DependencyEnvironmentNode.js';
import { shortenMiddle } from '../../src/webview/environment/shortenMiddle.js';
import { StatusTimeline, formatTime } from '../../src/webview/environment/StatusTimeline.js';
import { TextArea, TextField } from '../../src/webview/controls/TextField.js';
import { createEditorStore } from '../../src/webview/state/editorStore.js';
import type { EditorStoreApi } from '../../src/webview/state/editorStore.js';
import { EditorStoreContext, useEditor } from '../../src/webview/state/useEditor.js';
import { useEditorShortcuts } from '../../src/webview/state/useEditorShortcuts.js';
import { createFakeHost } from './support/fakeHost.js';
import type { FakeHost } from './support/fakeHost.js';
import { TORCH_INDEX_MISSING, envStatus, sampleDocument } from './support/fixtures.js';

afterEach(cleanup);

function setup(readOnly = false): { host: FakeHost; store: EditorStoreApi } {
  const host = createFakeHost({ 'environment/ensure': { state: 'checking' } });
  const store = createEditorStore({ host });
  store.getState().receive({
    type: 'notification',
    method: 'workflow/state',
    params: { version: 3, document: sampleDocument(), errors: [], readOnly },
  });
  return { host, store };
}

function renderEnvNode(store: EditorStoreApi): void {
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

function needsInput(store: EditorStoreApi, missing: MissingField[] = [TORCH_INDEX_MISSING]): void {
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

const edits = (host: FakeHost) => host.sent.filter((m) => m.method === 'workflow/edits/apply');

describe('dependency-environment node', () => {
  it('shows inputs for exactly the missing fields and sends a valid override patch', async () => {
    const { host, store } = setup();
    renderEnvNode(store);
    needsInput(store, [
      TORCH_INDEX_MISSING,
      { binding_id: 'cpu', requirement_name: null, field: 'python_executable', reason: 'no interpreter satisfies >=3.11' },
    ]);
    await settled();
    expect(Array.from(document.querySelectorAll('.pg-missing vscode-textfield')).map((i) => i.id)).toHaveLength(2);
    // The field's accessible name carries the reason (aria-describedby cannot reach into its shadow DOM).
    expect((controlByLabel(/^index_url/) as unknown as { label: string }).label).toBe(
      `index_url — torch in cpu: ${TORCH_INDEX_MISSING.reason}`,
    );
    typeInto(controlByLabel(/^index_url/), 'https://download.pytorch.org/whl/cpu');
    typeInto(controlByLabel(/^python_executable/), '/opt/python 3.12/bin/python3');
    fireEvent.click(screen.getByRole('button', { name: 'Save overrides' }));
    const sent = edits(host);
    expect(sent).toHaveLength(1);
    const params = sent[0]?.params as {
      baseVersion: number;
      edits: { kind: string; node_id: string; patch: Record<string, unknown> }[];
    };
    expect(params.baseVersion).toBe(3);
    expect(params.edits).toEqual([
      {
        kind: 'set_override_patch',
        node_id: 'env',
        patch: {
          contract_version: 1,
          binding_id: 'cpu',
          scope: 'requirement',
          requirement_name: 'torch',
          fields: { index_url: 'https://download.pytorch.org/whl/cpu' },
          source: 'user',
          updated_at: expect.any(String),
        },
      },
      {
        kind: 'set_override_patch',
        node_id: 'env',
        patch: {
          contract_version: 1,
          binding_id: 'cpu',
          scope: 'binding',
          fields: { python_executable: '/opt/python 3.12/bin/python3' },
          source: 'user',
          updated_at: expect.any(String),
        },
      },
    ]);
    expect(Number.isNaN(Date.parse(String(params.edits[0]?.patch.updated_at)))).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: /Values per binding/ }));
    expect(screen.getByRole('region', { name: 'Values per binding' }).textContent).toContain(
      'https://download.pytorch.org/whl/cpu',
    );
  });

  it('accepts a wheel folder alone when the analysis asks for an index URL or a wheel folder', async () => {
    const { host, store } = setup();
    renderEnvNode(store);
    const either = 'tiny-tts has no package index and no wheel source; set either index_url or wheel_source_path';
    needsInput(store, [
      { binding_id: 'tts', requirement_name: 'tiny-tts', field: 'index_url', reason: either },
      { binding_id: 'tts', requirement_name: 'tiny-tts', field: 'wheel_source_path', reason: either },
    ]);
    await settled();
    fireEvent.click(screen.getByRole('button', { name: 'Save overrides' }));
    expect(edits(host)).toHaveLength(0);
    expect(
      screen
        .getAllByRole('alert')
        .map((a) => a.textContent)
        .join(' '),
    ).toContain('fill this or wheel_source_path');
    typeInto(controlByLabel(/^wheel_source_path/), '/srv/my wheels');
    fireEvent.click(screen.getByRole('button', { name: 'Save overrides' }));
    const params = edits(host)[0]?.params as { edits: { patch: Record<string, unknown> }[] };
    expect(params.edits).toHaveLength(1);
    expect(params.edits[0]?.patch).toMatchObject({
      binding_id: 'tts',
      scope: 'requirement',
      requirement_name: 'tiny-tts',
      fields: { wheel_source_path: '/srv/my wheels' },
    });
    expect(params.edits[0]?.patch.fields).not.toHaveProperty('index_url');
    // Saved: the emptied form shows no stale "required" errors.
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
  });

  it('shows an error for an invalid URL as you type and sends nothing', async () => {
    const { host, store } = setup();
    renderEnvNode(store);
    needsInput(store);
    await settled();
    typeInto(controlByLabel(/^index_url/), 'ftp://mirror.example/simple');
    expect(screen.getByRole('alert').textContent).toContain('scheme "ftp" is not allowed');
    fireEvent.click(screen.getByRole('button', { name: 'Save overrides' }));
    expect(edits(host)).toEqual([]);
  });

  it('toggles the mode with a set_mode edit and ensures through the request', async () => {
    const { host, store } = setup();
    renderEnvNode(store);
    await settled();
    expect(screen.getByRole('button', { name: 'auto' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'manual' }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'manual' }));
    expect(edits(host)[0]?.params).toMatchObject({ edits: [{ kind: 'set_mode', node_id: 'env', mode: 'manual' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Ensure' }));
    expect(host.sent.at(-1)).toEqual({ kind: 'request', method: 'environment/ensure', params: { nodeId: 'env' } });
  });

  it('is compact by default and lists the values per binding, with provenance badges, behind a disclosure button', () => {
    const { store } = setup();
    renderEnvNode(store);
    const view = (base: unknown, override: unknown, effective: unknown, provenance: string) => ({
      base,
      override,
      effective,
      provenance,
    });
    act(() =>
      store.getState().receive({
        type: 'notification',
        method: 'environment/status',
        params: {
          nodeId: 'env',
          ref: null,
          status: envStatus('missing', []),
          resolved: [
            {
              binding_id: 'cpu',
              python_executable: view(undefined, undefined, undefined, 'none'),
              index_url: view(
                'https://pypi.org/simple',
                'https://mirror.example/simple',
                'https://mirror.example/simple',
                'override',
              ),
              extra_index_urls: view([], undefined, [], 'none'),
              wheel_source_path: view(undefined, undefined, undefined, 'none'),
              requirements: [
                {
                  display_name: 'torch',
                  exact_pin: '==2.5.1',
                  effective_index_url: view(
                    'https://download.pytorch.org/whl/cpu',
                    undefined,
                    'https://download.pytorch.org/whl/cpu',
                    'base',
                  ),
                },
              ],
            },
          ],
        },
      }),
    );
    const toggle = screen.getByRole('button', { name: /Values per binding/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('region', { name: 'Values per binding' })).toBeNull();
    expect(toggle.textContent).toContain('1 binding, 2 fields');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const region = screen.getByRole('region', { name: 'Values per binding' });
    expect(toggle.getAttribute('aria-controls')).toBe(region.id);
    const lines = Array.from(region.querySelectorAll('li')).map((li) => Array.from(li.children).map((c) => c.textContent));
    expect(lines).toEqual([
      ['index_url', 'https://mirror.example/simple', 'override'],
      ['index_url', 'https://download.pytorch.org/whl/cpu', 'base'],
    ]);
    expect(screen.getByRole('region', { name: 'Binding cpu › torch==2.5.1' })).toBeTruthy();
    // The whole values, base and override are in the tooltip.
    expect(region.querySelector('li')?.getAttribute('title')).toContain('base: https://pypi.org/simple');
    fireEvent.click(toggle);
    expect(screen.queryByRole('region', { name: 'Values per binding' })).toBeNull();
  });

  it('shortens a long value in the middle and keeps it whole in the tooltip and accessible name', () => {
    const long = '/home/someone/very/long/path/to/a/folder/of/wheels/for/torch/cpu';
    expect(shortenMiddle(long, 20)).toBe('/home/som…/torch/cpu');
    expect(shortenMiddle('short', 20)).toBe('short');
    const { store } = setup();
    renderEnvNode(store);
    act(() =>
      store.getState().receive({
        type: 'notification',
        method: 'environment/status',
        params: {
          nodeId: 'env',
          ref: null,
          status: envStatus('ready', [], { environment_key: 'k1', package_count: 12 } as never),
          resolved: [
            {
              binding_id: 'cpu',
              wheel_source_path: { base: undefined, override: long, effective: long, provenance: 'override' },
            },
          ],
        },
      }),
    );
    expect(screen.getByTestId('env-packages-env').textContent).toBe('Packages 12');
    fireEvent.click(screen.getByRole('button', { name: /Values per binding/ }));
    const value = screen.getByLabelText(`wheel_source_path: ${long}`);
    expect(value.textContent).toContain('…');
    expect(value.textContent?.length).toBeLessThan(long.length);
  });

  it('shows no package count when the status carries none', () => {
    const { store } = setup();
    renderEnvNode(store);
    act(() =>
      store.getState().receive({
        type: 'notification',
        method: 'environment/status',
        params: { nodeId: 'env', ref: null, status: envStatus('ready', [], { environment_key: 'k1' }) },
      }),
    );
    expect(screen.queryByTestId('env-packages-env')).toBeNull();
    expect(screen.getByLabelText('Environment key: k1')).toBeTruthy();
  });

  it('shows diagnostics with a Show output link, and the ready key and python path with copy buttons', async () => {
    const { host, store } = setup();
    renderEnvNode(store);
    act(() =>
      store.getState().receive({
        type: 'notification',
        method: 'environment/status',
        params: {
          nodeId: 'env',
          ref: null,
          status: envStatus('failed', [], {
            code: 'install_failed',
            message: 'pip exited with 1',
            bindings: [
              {
                binding_id: 'cpu',
                state: 'failed',
                missing_requirements: [],
                installed_requirements: [],
                failed_requirements: ['torch==2.5.1'],
              },
            ],
          }),
        },
      }),
    );
    expect(screen.getAllByRole('alert')[0]?.textContent).toContain('install_failed');
    expect(screen.getByText(/Failing: torch==2.5.1/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show output' }));
    expect(host.sent.at(-1)).toEqual({ kind: 'command', method: 'output/show', params: {} });
    act(() =>
      store.getState().receive({
        type: 'notification',
        method: 'environment/status',
        params: {
          nodeId: 'env',
          ref: { environment_kind: 'python-venv', env_ids: [], state: 'ready', python_executable: '/envs/k1/bin/python' },
          status: envStatus('ready', [], { environment_key: 'k1' }),
        },
      }),
    );
    await settled();
    fireEvent.click(screen.getByRole('button', { name: 'Copy Environment key' }));
    expect(host.sent.at(-1)).toEqual({ kind: 'command', method: 'clipboard/copy', params: { text: 'k1' } });
    // The Python path is in the expanded view.
    expect(screen.queryByRole('button', { name: 'Copy Python' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Values per binding/ }));
    await settled();
    fireEvent.click(screen.getByRole('button', { name: 'Copy Python' }));
    expect(host.sent.at(-1)).toEqual({ kind: 'command', method: 'clipboard/copy', params: { text: '/envs/k1/bin/python' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open Terminal in Environment' }));
    expect(host.sent.at(-1)).toEqual({
      kind: 'command',
      method: 'environment/action',
      params: { action: 'openTerminal', environmentKey: 'k1' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Export Lock File' }));
    expect(host.sent.at(-1)).toEqual({
      kind: 'command',
      method: 'environment/action',
      params: { action: 'exportLock', environmentKey: 'k1' },
    });
  });

  it('disables inputs in read-only mode and sends no edits', async () => {
    const { host, store } = setup(true);
    renderEnvNode(store);
    needsInput(store);
    await settled();
    const field = controlByLabel(/^index_url/);
    expect(field.disabled).toBe(true);
    expect(field.shadowRoot?.querySelector('input')?.disabled).toBe(true);
    for (const name of ['auto', 'manual', 'Ensure', 'Save overrides']) {
      const button = screen.getByRole('button', { name });
      expect(button.hasAttribute('disabled'), name).toBe(true);
      expect(button.getAttribute('aria-disabled'), name).toBe('true');
      fireEvent.click(button);
    }
    expect(host.sent).toEqual([]);
  });
});

describe('status timeline', () => {
  it('renders each state on one line, with the time for screen readers and the transition, code and message in the tooltip', () => {
    const history = [
      { from: null, to: 'checking' as const, at: '2025-01-01T10:00:00Z' },
      { from: 'checking' as const, to: 'installing' as const, at: '2025-01-01T10:00:02Z', message: 'pip install' },
      { from: 'installing' as const, to: 'failed' as const, at: '2025-01-01T10:00:09Z', code: 'install_failed' },
    ];
    render(<StatusTimeline status={envStatus('failed', history)} />);
    const items = screen.getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      `${formatTime(history[0]!.at)} checking`,
      `${formatTime(history[1]!.at)} installing`,
      `${formatTime(history[2]!.at)} failed install_failed`,
    ]);
    expect(items.map((i) => i.getAttribute('title'))).toEqual([
      `${formatTime(history[0]!.at)} checking`,
      `${formatTime(history[1]!.at)} checking → installing — pip install`,
      `${formatTime(history[2]!.at)} installing → failed — install_failed`,
    ]);
    expect(items[1]?.querySelector('time')?.getAttribute('datetime')).toBe('2025-01-01T10:00:02Z');
  });
});

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
