/**
 * End to end in Debian's chromium: the real webview bundle against a harness host that speaks
 * the real protocol. Screenshots of key states go to test-results/webview/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import {
  HostHarness,
  buildWebviewBundle,
  cspViolations,
  isEditCommand,
  launchChromium,
  serveWebview,
} from './support/browserHarness.js';
import type { WebviewServer } from './support/browserHarness.js';
import { TORCH_INDEX_MISSING, envStatus, sampleDocument } from './support/fixtures.js';

const shots = path.resolve('test-results/webview');
let browser: Browser | undefined;
let server: WebviewServer | undefined;
let page: Page;
let host: HostHarness;

beforeAll(async () => {
  // Never skips: without /usr/bin/chromium this throws "apt-get install -y chromium" and fails.
  browser = await launchChromium();
  server = await serveWebview(await buildWebviewBundle());
  mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  if (!browser || !server) throw new Error('chromium did not start (see beforeAll); install it with apt-get install -y chromium');
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  page.on('pageerror', (error) => console.error('[page]', error));
  host = new HostHarness(sampleDocument());
  await host.attach(page, server);
  await page.goto(server.url);
  await page.locator('[data-testid="node-env"]').waitFor();
});

afterEach(async () => {
  // Every test runs under the extension's real Content-Security-Policy: nothing may be blocked.
  if (page && !page.isClosed()) expect(await cspViolations(page)).toEqual([]);
  await page?.close();
});

function handle(nodeId: string, port: string, kind: 'source' | 'target'): ReturnType<Page['locator']> {
  return page.locator(`.react-flow__handle.${kind}[data-nodeid="${nodeId}"][data-handleid="${port}"]`);
}

async function dragBetween(from: ReturnType<Page['locator']>, to: ReturnType<Page['locator']>): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('handle not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

describe('webview in chromium', () => {
  it('renders the host document and posts webview/ready first', async () => {
    expect(host.received[0]).toMatchObject({ type: 'command', method: 'webview/ready' });
    await expect(page.locator('.react-flow__node').count()).resolves.toBe(4);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(shots, 'initial.png') });
  });

  it('adds nodes from the palette (double-click and Shift+A)', async () => {
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no pane');
    await page.mouse.dblclick(pane.x + pane.width * 0.55, pane.y + pane.height - 40);
    await page.keyboard.type('text input');
    await page.screenshot({ path: path.join(shots, 'palette.png') });
    let edit = host.next(isEditCommand);
    await page.keyboard.press('Enter');
    await edit;
    await page.locator('[data-testid="node-text-input"]').waitFor();
    await page.mouse.move(pane.x + pane.width * 0.4, pane.y + pane.height - 40);
    await page.keyboard.press('Shift+A');
    await page.keyboard.type('pytorch');
    edit = host.next(isEditCommand);
    await page.keyboard.press('Enter');
    await edit;
    await page.locator('[data-testid="node-pytorch-inference"]').waitFor();
    expect(host.document.graph.nodes.map((n) => n.node_type)).toEqual([
      'puma-lib',
      'dependency-environment',
      'audio-generation',
      'text-input',
      'text-input',
      'pytorch-inference',
    ]);
  });

  it('connects two compatible ports', async () => {
    const edit = host.next(isEditCommand);
    await dragBetween(handle('env', 'environment_ref', 'source'), handle('audio', 'environment_ref', 'target'));
    expect(await edit).toMatchObject({
      params: {
        baseVersion: 1,
        edits: [
          {
            kind: 'connect',
            edge: { source: 'env', source_handle: 'environment_ref', target: 'audio', target_handle: 'environment_ref' },
          },
        ],
      },
    });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    expect(host.document.graph.edges).toHaveLength(2);
    await page.screenshot({ path: path.join(shots, 'connected.png') });
  });

  it('refuses an incompatible connection live and says why', async () => {
    await dragBetween(handle('model', 'model_id', 'source'), handle('audio', 'environment_ref', 'target'));
    await expect
      .poll(() => page.getByTestId('toast').textContent())
      .toContain('model_id [string] cannot feed environment_ref [json]');
    await page.screenshot({ path: path.join(shots, 'refused-connection.png') });
    expect(host.edits()).toEqual([]);
    expect(host.document.graph.edges).toHaveLength(1);
  });

  it('copies and pastes nodes with the edge between them, then undo is left to VS Code', async () => {
    await page.locator('[data-testid="node-model"] .pg-node-header').click();
    await page.locator('[data-testid="node-env"] .pg-node-header').click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(2);
    await page.keyboard.press('Control+c');
    const edit = host.next(isEditCommand);
    await page.keyboard.press('Control+v');
    const pasted = await edit;
    expect(pasted).toMatchObject({
      params: {
        edits: [
          { kind: 'add_node', node: { id: 'model-copy' } },
          { kind: 'add_node', node: { id: 'env-copy' } },
          { kind: 'connect', edge: { source: 'model-copy', target: 'env-copy' } },
        ],
      },
    });
    await page.locator('[data-testid="node-env-copy"]').waitFor();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.screenshot({ path: path.join(shots, 'pasted.png') });

    const sentBefore = host.received.length;
    const prevented = await page.evaluate(() => {
      const results: boolean[] = [];
      for (const init of [
        { key: 'z', ctrlKey: true },
        { key: 'Z', ctrlKey: true, shiftKey: true },
        { key: 'y', ctrlKey: true },
      ]) {
        const event = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true });
        document.querySelector('.react-flow__pane')?.dispatchEvent(event);
        results.push(event.defaultPrevented);
      }
      return results;
    });
    await page.keyboard.press('Control+z');
    expect(prevented).toEqual([false, false, false]);
    expect(host.received.length).toBe(sentBefore);
    await host.undo();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);
    await host.redo();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(6);
  });

  it('auto-layout sends one batch of move_node edits', async () => {
    const edit = host.next(isEditCommand);
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    const batch = await edit;
    expect(
      batch.type === 'command' &&
        batch.method === 'workflow/edits/apply' &&
        batch.params.edits.every((e) => e.kind === 'move_node'),
    ).toBe(true);
    expect(host.edits()).toHaveLength(1);
    const env = host.document.graph.nodes.find((n) => n.id === 'env');
    const model = host.document.graph.nodes.find((n) => n.id === 'model');
    expect(env && model && env.position.x > model.position.x).toBe(true);
    await page.locator(`.pg-canvas[data-version="${host.version}"]`).waitFor();
    await page.screenshot({ path: path.join(shots, 'auto-layout.png') });
  });

  it('drags a node and sends move_node on drag stop', async () => {
    const header = await page.locator('[data-testid="node-text"] .pg-node-header').boundingBox();
    if (!header) throw new Error('no header');
    const edit = host.next(isEditCommand);
    await page.mouse.move(header.x + 20, header.y + header.height / 2);
    await page.mouse.down();
    await page.mouse.move(header.x + 80, header.y + 60, { steps: 8 });
    await page.mouse.up();
    expect(await edit).toMatchObject({ params: { edits: [{ kind: 'move_node', node_id: 'text' }] } });
    expect(host.edits()).toHaveLength(1);
  });

  it('picks a Puma-Lib model from the filterable dropdown with the keyboard', async () => {
    const demo = {
      model_id: 'demo-synth',
      display_name: 'Demo Synth',
      model_type: 'audio',
      backend_key: 'cpu',
      platform_key: 'linux-x86_64',
      selected_binding_ids: ['cpu'],
    };
    host.handle('library/list', () => ({
      models: [demo, { ...demo, model_id: 'tiny-tts', display_name: 'Tiny TTS', model_type: 'tts' }],
    }));
    await page.reload();
    const picker = page.locator('[data-testid="node-model"]').getByRole('combobox', { name: 'Models' });
    await expect.poll(() => picker.inputValue()).toBe('Demo Synth (audio)');
    await picker.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('tiny');
    await page.screenshot({ path: path.join(shots, 'model-picker.png') });
    // Enter with no option highlighted picks nothing (the first edit below is the pick); arrows highlight.
    const edit = host.next(isEditCommand);
    await page.keyboard.press('Enter');
    await picker.click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await edit).toMatchObject({
      params: { edits: [{ kind: 'set_node_data', node_id: 'model', path: ['model_id'], value: 'tiny-tts' }] },
    });
    await expect.poll(() => picker.inputValue()).toBe('Tiny TTS (tts)');
    expect(host.document.graph.nodes.map((n) => n.id)).toEqual(['model', 'env', 'audio', 'text']);
  });

  it('types into a node’s fields without dragging the node or deleting it, and commits the text', async () => {
    const node = page.locator('[data-testid="node-text"]');
    await node.locator('.pg-node-header').click();
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(1);
    const before = await node.boundingBox();
    // Press and drag inside the text area (a vscode-textarea): it selects text, it does not drag the node.
    const area = page.getByLabel('Text', { exact: true });
    const box = await area.boundingBox();
    if (!before || !box) throw new Error('no text node');
    await page.mouse.move(box.x + 10, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + 80, box.y + 30, { steps: 5 });
    await page.mouse.up();
    expect(await node.boundingBox()).toEqual(before);
    // Keys that are canvas shortcuts elsewhere edit the text here (the event reaches window retargeted to the host).
    await area.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.type('a gong');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+c'); // no node copied …
    await page.keyboard.press('Control+v'); // … and none pasted: no edit below
    expect(await area.inputValue()).toBe('a gon');
    expect(host.edits()).toEqual([]);
    const edit = host.next(isEditCommand);
    await page.locator('[data-testid="node-audio"] .pg-node-header').click();
    expect(await edit).toMatchObject({
      params: { edits: [{ kind: 'set_node_data', node_id: 'text', path: ['text'], value: 'a gon' }] },
    });
    expect(host.document.graph.nodes.map((n) => n.id)).toContain('text');
    await page.screenshot({ path: path.join(shots, 'typed-in-field.png') });
  });

  it('disables every control in read-only mode, and keeps Show output usable', async () => {
    host.readOnly.value = true;
    host.readOnly.reason = 'Restricted Mode';
    await host.notify('workflow/state', {
      version: host.version,
      document: host.document,
      errors: [],
      readOnly: true,
      readOnlyReason: 'Restricted Mode',
    });
    await host.notify('environment/status', {
      nodeId: 'env',
      ref: null,
      status: envStatus('needs_user_input', [], { missing_fields: [TORCH_INDEX_MISSING] }),
    });
    await page.getByLabel(/index_url/).waitFor();
    expect(
      await page.getByRole('textbox', { name: /index_url — torch in cpu: torch ==2\.5\.1 has no package index/ }).count(),
    ).toBe(1);
    for (const name of ['Add node', 'Auto-layout', 'auto', 'manual', 'Ensure', 'Save overrides', 'Run']) {
      expect(await page.getByRole('button', { name, exact: true }).isDisabled(), name).toBe(true);
    }
    expect(await page.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Fit view' }).isDisabled()).toBe(
      false,
    );
    for (const label of [/index_url/, 'prompt', 'seed', 'Text']) {
      expect(await page.getByLabel(label, { exact: typeof label === 'string' }).isDisabled(), String(label)).toBe(true);
    }
    expect(await page.getByRole('combobox').isDisabled()).toBe(true);
    // A click dispatched at a disabled button (vscode-button only blocks the pointer) still does nothing.
    // Messages arrive in order: once Show output's has, none of the clicks before it sent anything.
    const sentBefore = host.received.length;
    for (const name of ['manual', 'Ensure', 'Save overrides']) await page.getByRole('button', { name }).dispatchEvent('click');
    const show = host.next((m) => m.type === 'command' && m.method === 'output/show');
    await page.getByRole('button', { name: 'Show output' }).click();
    await show;
    expect(host.received.slice(sentBefore).map((m) => m.method)).toEqual(['output/show']);
    await page.screenshot({ path: path.join(shots, 'read-only.png') });
  });

  it('walks needs_user_input → fill override → ensure → ready', async () => {
    await host.notify('environment/status', {
      nodeId: 'env',
      ref: null,
      status: envStatus(
        'needs_user_input',
        [{ from: 'unresolved', to: 'needs_user_input', at: '2025-01-01T10:00:00Z', code: 'missing_index' }],
        { missing_fields: [TORCH_INDEX_MISSING], code: 'needs_user_input', message: 'torch needs an index' },
      ),
    });
    const input = page.getByLabel(/index_url/);
    await input.fill('pypi.example/simple');
    await expect.poll(() => page.locator('[data-testid="node-env"] .pg-error').textContent()).toContain('no scheme');
    await page.screenshot({ path: path.join(shots, 'needs-user-input.png') });
    await page.getByRole('button', { name: 'Save overrides' }).click();
    expect(host.edits()).toEqual([]);

    await input.fill('https://download.pytorch.org/whl/cpu');
    const edit = host.next(isEditCommand);
    await page.getByRole('button', { name: 'Save overrides' }).click();
    expect(await edit).toMatchObject({
      params: {
        edits: [
          {
            kind: 'set_override_patch',
            node_id: 'env',
            patch: {
              binding_id: 'cpu',
              scope: 'requirement',
              requirement_name: 'torch',
              fields: { index_url: 'https://download.pytorch.org/whl/cpu' },
              source: 'user',
            },
          },
        ],
      },
    });
    expect(host.document.graph.nodes.find((n) => n.id === 'env')?.data.override_patches).toHaveLength(1);

    host.handle('environment/ensure', async ({ nodeId }, h) => {
      const history = [
        { from: 'unresolved' as const, to: 'needs_user_input' as const, at: '2025-01-01T10:00:00Z' },
        { from: 'needs_user_input' as const, to: 'checking' as const, at: '2025-01-01T10:01:00Z' },
        { from: 'checking' as const, to: 'installing' as const, at: '2025-01-01T10:01:01Z' },
      ];
      await h.notify('environment/status', { nodeId, ref: null, status: envStatus('installing', history) });
      await h.notify('node/activity', { nodeId, kind: 'ensure', phase: 'progress', message: 'pip install', percent: 50 });
      const ready = [...history, { from: 'installing' as const, to: 'ready' as const, at: '2025-01-01T10:01:30Z' }];
      const ref = {
        contract_version: 1 as const,
        environment_key: 'py-venv-abc123',
        environment_kind: 'python-venv',
        env_ids: [],
        python_executable: '/data/envs/python/py-venv-abc123/bin/python',
        state: 'ready' as const,
      };
      await h.notify('environment/status', {
        nodeId,
        ref,
        status: envStatus('ready', ready, { environment_key: 'py-venv-abc123' }),
      });
      await h.notify('node/activity', { nodeId, kind: 'ensure', phase: 'finished' });
      return { state: 'ready' };
    });
    await page.getByRole('button', { name: 'Ensure' }).click();
    await expect.poll(() => page.getByTestId('env-state-env').textContent()).toBe('ready');
    await expect.poll(() => page.locator('[data-testid="node-env"] .pg-timeline-entry').count()).toBe(4);
    await expect.poll(() => page.locator('[data-testid="node-env"]').textContent()).toContain('py-venv-abc123');
    await page.screenshot({ path: path.join(shots, 'environment-ready.png') });
    // The Python path is in the expanded view: the disclosure button opens it.
    const disclosure = page.getByRole('button', { name: /Values per binding/ });
    expect(await disclosure.getAttribute('aria-expanded')).toBe('false');
    await disclosure.click();
    expect(await disclosure.getAttribute('aria-expanded')).toBe('true');
    const copy = host.next((m) => m.type === 'command' && m.method === 'clipboard/copy');
    await page.getByRole('button', { name: 'Copy Python' }).click();
    expect(await copy).toMatchObject({ params: { text: '/data/envs/python/py-venv-abc123/bin/python' } });
  });
});
