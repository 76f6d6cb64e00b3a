/**
 * Steps shared by journeys that work on the demo workflow: open it in the custom editor, wait for
 * the graph, read the dependency-environment node's state and timeline.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { editorTab, quickOpen, runCommand, webviewFrame } from './browser.js';

/** Opens `relativePath` (default the demo) and waits until its graph shows `nodeIds`. */
export async function openWorkflow(
  page: Page,
  relativePath = 'examples/demo.pantograph',
  nodeIds: readonly string[] = ['model', 'environment', 'audio'],
): Promise<FrameLocator> {
  await quickOpen(page, relativePath);
  await editorTab(page, relativePath.split('/').pop() ?? relativePath).waitFor();
  const view = webviewFrame(page);
  for (const id of nodeIds) await view.locator(`.react-flow__node[data-id="${id}"]`).waitFor({ timeout: 30_000 });
  return view;
}

/** The state badge of dependency-environment node `nodeId` (`ready`, `missing`, …). */
export function envState(view: FrameLocator, nodeId = 'environment'): Promise<string> {
  return view.locator(`[data-testid="env-state-${nodeId}"]`).innerText();
}

/** The `to` states of the node's status timeline, oldest first. */
export async function timelineStates(view: FrameLocator, nodeId = 'environment'): Promise<string[]> {
  const entries = view.locator(`.react-flow__node[data-id="${nodeId}"] .pg-timeline-entry .pg-state`);
  return (await entries.allInnerTexts()).map((t) => t.split('→').pop()?.trim() ?? t.trim());
}

/** Reveals the Python Environments view (the generated "Focus on … View" command). */
export async function focusEnvironmentsView(page: Page): Promise<void> {
  await runCommand(page, 'Focus on Python Environments View');
  await page.locator('.pane-header', { hasText: 'Python Environments' }).first().waitFor({ state: 'attached' });
}
