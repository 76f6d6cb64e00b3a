/**
 * Journey 3: "Pantograph: Run Workflow" on the demo renders the prompt to a WAV: the audio node
 * shows an inline `<audio>` player and the WAV exists in the run output folder next to the file.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { notifications, runCommand } from './support/browser.js';
import { findFiles } from './support/codeServer.js';
import { copyExamples, runJourney } from './support/journey.js';
import { openWorkflow } from './support/workflow.js';

test('Run Workflow plays the generated audio inline and writes the WAV', async () => {
  await runJourney('04-run', { prepareWorkspace: copyExamples }, async ({ page, server }) => {
    const view = await openWorkflow(page);
    await runCommand(page, 'Pantograph: Run Workflow');

    const player = view.locator('[data-testid="audio-audio"]');
    await player.waitFor({ timeout: 180_000 });
    expect(await player.evaluate((el) => el.tagName)).toBe('AUDIO');
    expect(await player.getAttribute('src')).toBeTruthy();
    await notifications(page).filter({ hasText: 'workflow finished' }).first().waitFor({ timeout: 30_000 });

    const wavs = findFiles(join(server.workspace, 'examples', 'demo.outputs'), /\.wav$/i);
    expect(wavs.length).toBeGreaterThan(0);
    const wav = wavs[0] as string;
    expect(statSync(wav).size).toBeGreaterThan(44);
    expect(readFileSync(wav).subarray(0, 4).toString('latin1')).toBe('RIFF');
  });
});
