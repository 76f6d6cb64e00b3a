/**
 * Journey 5: a model whose requirement has no index and no wheel (offline) makes Ensure end in
 * needs_user_input; the Dependency Environment node asks for the missing field inline; filling in
 * a local wheel folder (a tiny_tts==0.3.0 wheel built by writeWheel) and ensuring again ends ready.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { writeWheel } from '../../src/core/packaging/wheelWriter.js';
import { notifications } from './support/browser.js';
import { runJourney } from './support/journey.js';
import { envState, openWorkflow } from './support/workflow.js';

const MODEL = {
  model_id: 'tiny-tts',
  display_name: 'Tiny TTS (e2e fixture)',
  model_type: 'audio',
  task_type_primary: 'text-to-speech',
  backend_key: 'onnx-runtime',
  inference_settings: { backend: 'onnx-runtime' },
  dependencies: {
    profiles: [
      {
        profile_id: 'tiny-tts-runtime',
        profile_version: 1,
        environment_kind: 'python-venv',
        requirements: [
          {
            kind: 'python_package',
            name: 'tiny_tts',
            exact_pin: '==0.3.0',
            python_requires: '>=3.8',
            source: 'https://example.org/project-page-not-a-wheel',
          },
        ],
      },
    ],
    bindings: [
      { binding_id: 'tiny-tts-runtime', profile_id: 'tiny-tts-runtime', backend_key: 'onnx-runtime', platform_selector: '*' },
    ],
  },
};

const WORKFLOW = {
  version: 1,
  metadata: {
    name: 'needs input',
    description: 'tiny-tts offline',
    created: '2025-01-01T00:00:00Z',
    modified: '2025-01-01T00:00:00Z',
  },
  graph: {
    nodes: [
      { id: 'model', node_type: 'puma-lib', position: { x: 0, y: 0 }, data: { model_id: 'tiny-tts' } },
      {
        id: 'environment',
        node_type: 'dependency-environment',
        position: { x: 360, y: 0 },
        data: { mode: 'auto', override_patches: [] },
      },
    ],
    edges: [
      {
        id: 'req',
        source: 'model',
        source_handle: 'dependency_requirements',
        target: 'environment',
        target_handle: 'dependency_requirements',
      },
      {
        id: 'bind',
        source: 'model',
        source_handle: 'selected_binding_ids',
        target: 'environment',
        target_handle: 'selected_binding_ids',
      },
    ],
  },
};

test('needs_user_input asks for a wheel folder in the node; filling it makes the environment ready', async () => {
  let wheelDir = '';
  const prepareWorkspace = (ws: string): void => {
    mkdirSync(join(ws, 'models', 'tiny-tts'), { recursive: true });
    writeFileSync(join(ws, 'models', 'tiny-tts', 'pantograph-model.json'), JSON.stringify(MODEL, null, 2));
    writeFileSync(join(ws, 'tts.pantograph'), JSON.stringify(WORKFLOW, null, 2));
    wheelDir = join(ws, 'wheels');
    // Workspace setting with an absolute path: every library lookup (ensure and the Puma-Lib picker) agrees.
    mkdirSync(join(ws, '.vscode'), { recursive: true });
    writeFileSync(
      join(ws, '.vscode', 'settings.json'),
      JSON.stringify({ 'pantograph.modelLibraryPath': join(ws, 'models') }, null, 2),
    );
  };
  await runJourney('06-needs-input', { prepareWorkspace }, async ({ page }) => {
    await writeWheel({
      outDir: wheelDir,
      name: 'tiny_tts',
      version: '0.3.0',
      modules: { 'tiny_tts/__init__.py': '__version__ = "0.3.0"\n' },
      requiresPython: '>=3.8',
    });
    const view = await openWorkflow(page, 'tts.pantograph', ['model', 'environment']);
    const node = view.locator('.react-flow__node[data-id="environment"]');

    await node.getByRole('button', { name: 'Ensure' }).click();
    await expect.poll(() => envState(view), { timeout: 120_000 }).toBe('needs_user_input');
    await notifications(page).filter({ hasText: 'needs input' }).first().waitFor({ timeout: 20_000 });
    const form = node.locator('form.pg-missing');
    await form.waitFor();
    // Anchored: the index_url field's accessible name carries a reason that mentions wheel_source_path.
    const wheelInput = form.getByLabel(/^wheel_source_path/);
    await wheelInput.fill(wheelDir);
    await form.getByRole('button', { name: 'Save overrides' }).click();
    await expect.poll(() => node.locator('.pg-field [role="alert"]').count(), { timeout: 5_000 }).toBe(0);

    await node.getByRole('button', { name: 'Ensure' }).click();
    await expect.poll(() => envState(view), { timeout: 180_000 }).toBe('ready');
    await notifications(page)
      .filter({ hasText: /ready \(installed in/ })
      .first()
      .waitFor({ timeout: 20_000 });
  });
});
