/**
 * Journey 8: a run you can watch. "Pantograph: Run Workflow" on the demo: every node's run badge
 * goes queued → running → done in the planned order (recorded in the webview by a
 * MutationObserver, so no transition is missed between polls), the edge into the running node is
 * animated, and the run's progress notification is gone once the run finished. A second Ensure is
 * a cache hit that leaves no "ensuring" notification behind. The Run History view lists the run
 * and opens its log. Screenshots (light and dark, running and finished) in test-results/e2e/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { editorTab, notifications, runCommand, screenshot, treeRows } from './support/browser.js';
import { copyExamples, runJourney } from './support/journey.js';
import { envState, openWorkflow } from './support/workflow.js';

const LIGHT = 'Default Light Modern';
const DARK = 'Default Dark Modern';

/** Waits (≤ 5 s) until the run's "Pantograph: Run workflow" progress notification has closed. */
async function expectRunNotificationClosed(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        notifications(page)
          .filter({ hasText: /Pantograph: Run workflow/ })
          .count(),
      { timeout: 5_000 },
    )
    .toBe(0);
}

/** Switches the workbench theme with "Preferences: Color Theme" and waits until it applies. */
async function setTheme(page: Page, theme: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('>Preferences: Color Theme');
  // Click the command itself: Enter would take the top row, which can be "Browse Color Themes in Marketplace".
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' })
    .first()
    .click({ timeout: 10_000 });
  await expect.poll(() => input.inputValue(), { timeout: 10_000 }).not.toContain('>');
  const label = theme.replace(/^Default /, '');
  await input.fill(label);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
  await page
    .locator(theme === DARK ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs')
    .waitFor({ state: 'attached', timeout: 20_000 });
}

/** Starts recording each node's run-badge phases (with the time seen) inside the webview. */
async function recordPhases(view: FrameLocator): Promise<void> {
  await view.locator('body').evaluate(() => {
    const seen: Record<string, { phase: string; at: number }[]> = {};
    const animated: string[] = [];
    const scan = (): void => {
      for (const badge of Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="run-state-"]'))) {
        const id = (badge.dataset.testid ?? '').slice('run-state-'.length);
        const phase = badge.dataset.phase ?? '';
        const list = (seen[id] ??= []);
        if (list.at(-1)?.phase !== phase) list.push({ phase, at: performance.now() });
        if (phase === 'running') {
          for (const edge of Array.from(document.querySelectorAll('.react-flow__edge.animated'))) {
            const label = `${edge.getAttribute('data-id') ?? edge.getAttribute('aria-label') ?? '?'}→${id}`;
            if (!animated.includes(label)) animated.push(label);
          }
        }
      }
    };
    new MutationObserver(scan).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-phase', 'class'],
    });
    (window as unknown as { __phases: unknown; __animated: unknown }).__phases = seen;
    (window as unknown as { __animated: unknown }).__animated = animated;
  });
}

async function recorded(
  view: FrameLocator,
): Promise<{ phases: Record<string, { phase: string; at: number }[]>; animated: string[] }> {
  return view.locator('body').evaluate(() => {
    const w = window as unknown as { __phases: Record<string, { phase: string; at: number }[]>; __animated: string[] };
    return { phases: w.__phases, animated: w.__animated };
  });
}

test('a run shows each node queued → running → done in order, then closes its notification and lands in Run History', async () => {
  await runJourney(
    '10-watch-run',
    { prepareWorkspace: copyExamples, settings: { 'workbench.colorTheme': LIGHT } },
    async ({ page, server }) => {
      const view = await openWorkflow(page, 'examples/demo.pantograph', ['prompt', 'model', 'environment', 'audio']);
      await recordPhases(view);
      await runCommand(page, 'Pantograph: Run Workflow');

      // Running: the environment installs first (a fresh data dir), the audio node waits queued.
      await view.locator('[data-testid="run-state-environment"][data-phase="running"]').waitFor({ timeout: 60_000 });
      await expect
        .poll(() => view.locator('[data-testid="run-state-audio"]').getAttribute('data-phase'), { timeout: 5_000 })
        .toBe('queued');
      expect(await view.locator('[data-testid="run-state-environment"]').innerText()).toMatch(/^running( \d+%)? · \d+\.\d s$/);
      await view.locator('.react-flow__edge.animated').first().waitFor({ timeout: 5_000 });
      await screenshot(page, '10-watch-run.running.light');

      await notifications(page).filter({ hasText: 'workflow finished' }).first().waitFor({ timeout: 240_000 });
      for (const id of ['prompt', 'model', 'environment', 'audio']) {
        await expect
          .poll(() => view.locator(`[data-testid="run-state-${id}"]`).getAttribute('data-phase'), { timeout: 10_000 })
          .toBe('done');
      }
      expect(await view.locator('[data-testid="run-state-audio"]').innerText()).toMatch(/^done · \d/);
      await view.locator('[data-testid="audio-audio"]').waitFor({ timeout: 10_000 });
      expect(await view.locator('.react-flow__edge.animated').count()).toBe(0);
      // The run's progress notification closed with the run.
      await expectRunNotificationClosed(page);
      await screenshot(page, '10-watch-run.finished.light');

      const { phases, animated } = await recorded(view);
      const order = ['queued', 'running', 'done'];
      for (const id of ['prompt', 'model', 'environment', 'audio']) {
        const seen = (phases[id] ?? []).map((p) => p.phase);
        expect(seen[0], `${id}: ${seen.join(' → ')}`).toBe('queued');
        expect(seen.at(-1), `${id}: ${seen.join(' → ')}`).toBe('done');
        expect(
          seen.map((p) => order.indexOf(p)),
          `${id}: ${seen.join(' → ')}`,
        ).toEqual([...seen.map((p) => order.indexOf(p))].sort((a, b) => a - b));
      }
      expect(phases.environment?.map((p) => p.phase)).toEqual(order);
      expect(phases.audio?.map((p) => p.phase)).toEqual(order);
      const startOf = (id: string): number =>
        phases[id]?.find((p) => p.phase === 'running' || p.phase === 'done')?.at ?? Number.NaN;
      expect(startOf('model')).toBeLessThanOrEqual(startOf('environment'));
      expect(startOf('environment')).toBeLessThan(startOf('audio'));
      expect(animated.some((label) => label.endsWith('→environment'))).toBe(true);

      // Again in the dark theme: the environment is reused; 40 s of audio keep the audio node running a while.
      await setTheme(page, DARK);
      const duration = view.locator('[data-testid="node-audio"] vscode-textfield').first().locator('input');
      await duration.fill('40');
      await duration.press('Enter');
      await expect
        .poll(
          () =>
            readFileSync(join(server.workspace, 'examples', 'demo.pantograph'), 'utf8').includes('"duration": 40') ||
            editorTab(page, /demo\.pantograph/)
              .first()
              .evaluate((tab) => tab.classList.contains('dirty')),
          { timeout: 10_000 },
        )
        .toBe(true);
      await runCommand(page, 'Pantograph: Run Workflow');
      await view.locator('[data-testid="run-state-audio"][data-phase="running"]').waitFor({ timeout: 60_000 });
      await screenshot(page, '10-watch-run.running.dark');
      await expect
        .poll(() => view.locator('[data-testid="run-state-audio"]').getAttribute('data-phase'), { timeout: 120_000 })
        .toBe('done');
      await expectRunNotificationClosed(page);
      await screenshot(page, '10-watch-run.finished.dark');

      // Ensure from the node, then again (a cache hit): no "ensuring" notification outlives its work.
      const ensuring = notifications(page).filter({ hasText: 'Pantograph: ensuring' });
      await view.getByRole('button', { name: 'Ensure' }).click();
      await notifications(page)
        .filter({ hasText: /ready \((installed in|cache hit)/ })
        .first()
        .waitFor({ timeout: 120_000 });
      await expect.poll(() => ensuring.count(), { timeout: 5_000 }).toBe(0);
      await page
        .locator('.notifications-toasts .codicon-notifications-clear-all, .notifications-toasts .codicon-close')
        .first()
        .click({ timeout: 2_000 })
        .catch(() => undefined);
      await view.getByRole('button', { name: 'Ensure' }).click();
      await notifications(page).filter({ hasText: 'ready (cache hit)' }).first().waitFor({ timeout: 60_000 });
      expect(await envState(view)).toBe('ready');
      expect(await ensuring.count()).toBe(0);

      // Run History: the run, opening its log.
      await runCommand(page, 'Focus on Run History View');
      const rows = await treeRows(page, 'Run History');
      await expect
        .poll(() => rows.allInnerTexts(), { timeout: 20_000 })
        .toEqual(expect.arrayContaining([expect.stringMatching(/succeeded · [\d.]+ (ms|s|min)/)]));
      await expect.poll(() => rows.filter({ hasText: 'succeeded' }).count(), { timeout: 20_000 }).toBe(2);
      await rows.filter({ hasText: 'succeeded' }).first().click();
      await editorTab(page, /\.log$/)
        .first()
        .waitFor({ timeout: 20_000 });
      const history = JSON.parse(
        readFileSync(join(server.workspace, 'examples', 'demo.outputs', 'run-history.json'), 'utf8'),
      ) as { runs: { outcome: string; nodes: { node_id: string; state: string }[]; outputs: unknown[] }[] };
      expect(history.runs.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded']);
      expect(history.runs[0]!.nodes.map((n) => n.state)).toEqual(['done', 'done', 'done', 'done']);
      expect(history.runs[0]!.outputs.length).toBeGreaterThan(0);
    },
  );
}, 600_000);
