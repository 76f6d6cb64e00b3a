/**
 * Journey 8: "Pantograph: Run Workflow" on `examples/text-generation.pantograph` in a real VS Code:
 * the Text Generation node shows the generated text growing while tokens stream, then the final
 * text. The model is a tiny random GPT-2 the test builds inside the shared heavy environment
 * (`test/support/realModels.ts`); the extension's data dir is that environment's data dir, so the
 * run reuses it (the wheel folder override rides in the workflow's environment node).
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import { notifications, runCommand } from './support/browser.js';
import { copyExamples, runJourney } from './support/journey.js';
import { openWorkflow } from './support/workflow.js';
import { ExecaProcessRunner } from '../../src/core/process/execaProcessRunner.js';
import {
  buildTinyModel,
  heavyDataDir,
  heavyHarness,
  heavyMachineOverrides,
  loadLibraryOrThrow,
  tinyManifest,
} from '../support/realModels.js';
import { loadExample, runRealGraph } from '../support/realModelGraph.js';
import { testPackageIndex } from '../support/testIndex.js';
import { makeTempDir } from '../support/wheelFixtures.js';

test('Run Workflow streams the generated text into the Text Generation node', async () => {
  const temp = await makeTempDir('e2e text generation');
  try {
    const library = join(temp.dir, 'models');
    const gpt2 = join(library, 'tiny-gpt2');
    mkdirSync(gpt2, { recursive: true });
    writeFileSync(join(gpt2, 'pantograph-model.json'), JSON.stringify(tinyManifest('tiny-gpt2', 'text-generation')));
    const ensured = await runRealGraph(await loadExample('text-generation.pantograph'), heavyHarness(), {
      library: await loadLibraryOrThrow(library),
      outputDir: join(temp.dir, 'out'),
      runner: new ExecaProcessRunner(),
      targets: ['environment'],
    });
    const python = ensured.outcomes.environment?.ref?.python_executable;
    if (!python) throw new Error(`heavy environment not ready: ${JSON.stringify(ensured.outcomes.environment?.errors)}`);
    buildTinyModel(python, 'gpt2', gpt2, 'tiny-gpt2');

    const prepare = (workspace: string): void => {
      copyExamples(workspace);
      const file = join(workspace, 'examples', 'text-generation.pantograph');
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      for (const node of doc.graph.nodes) {
        if (node.id === 'environment') node.data.override_patches = heavyMachineOverrides().environment ?? [];
        if (node.id === 'generate') Object.assign(node.data, { max_new_tokens: 200, seed: 42 });
      }
      writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
      // The extension's data dir (PANTOGRAPH_DATA_DIR of the server) becomes the shared heavy one.
      const dataDir = join(dirname(workspace), 'pantograph-data');
      rmSync(dataDir, { recursive: true, force: true });
      symlinkSync(heavyDataDir(), dataDir);
    };
    const settings = { 'pantograph.defaultIndexUrl': testPackageIndex().indexUrl, 'pantograph.modelLibraryPath': library };
    await runJourney('09-text-generation', { prepareWorkspace: prepare, settings }, async ({ page }) => {
      const view = await openWorkflow(page, 'examples/text-generation.pantograph', ['model', 'environment', 'generate']);
      await runCommand(page, 'Pantograph: Run Workflow');
      const output = view.locator('[data-testid="output-generate-text"]');
      await output.waitFor({ timeout: 600_000 });
      // Sample the node's text while it streams: it must be seen growing before the run ends.
      const seen: string[] = [];
      const finished = notifications(page)
        .filter({ hasText: /workflow finished|run failed/ })
        .first();
      const deadline = Date.now() + 300_000;
      while (!(await finished.isVisible()) && Date.now() < deadline) {
        const text = await output.innerText().catch(() => '');
        if (text !== seen.at(-1)) seen.push(text);
      }
      expect(await finished.innerText()).toContain('workflow finished');
      const final = await output.innerText();
      const partial = seen.filter((t) => t.length > 0 && t !== final);
      expect(partial.length).toBeGreaterThan(0);
      for (const text of partial) expect(final.startsWith(text.trimEnd())).toBe(true);
      expect(final.length).toBeGreaterThan(Math.max(...partial.map((t) => t.length)));
    });
  } finally {
    await temp.cleanup();
  }
}, 900_000);
