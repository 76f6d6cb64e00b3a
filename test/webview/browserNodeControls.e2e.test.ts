/**
 * End to end in Debian's chromium, the controls inside nodes: the Puma-Lib model picker, typing
 * in a text field, read-only mode, and the environment node from needs_user_input through an
 * override and ensure to ready, against a harness host that speaks the real protocol.
 * Screenshots of key states go to test-results/webview/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { isEditCommand } from './support/browserHarness.js';
import type { HostHarness } from './support/browserHarness.js';
import { browserSuite } from './support/browserSuite.js';
import { TORCH_INDEX_MISSING, envStatus } from './support/fixtures.js';
import { openSampleDocument, screenshotFolder } from './support/sampleDocumentPage.js';

const suite = browserSuite();
const shots = screenshotFolder();
let page: Page;
let host: HostHarness;

beforeEach(async () => {
  ({ page, host } = await openSampleDocument(suite));
});

describe('webview in chromium', () => {
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
