/**
 * Journey 6: in Restricted Mode (workspace trust enabled, folder not trusted) the demo opens
 * read-only with an explanation, and Ensure Environment / Run Workflow are refused with a reason.
 */
import { readdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import { notifications, runCommand } from './support/browser.js';
import { copyExamples, runJourney } from './support/journey.js';
import { openWorkflow } from './support/workflow.js';

test('an untrusted folder opens workflows read-only and refuses Ensure and Run', async () => {
  await runJourney('07-restricted', { prepareWorkspace: copyExamples, trustAll: false }, async ({ page, server }) => {
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    const view = await openWorkflow(page);
    const banner = view.locator('.pg-banner');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toMatch(/Read-only.*not trusted/s);
    expect(await view.locator('.pg-toolbar').getByRole('button', { name: 'Add node' }).isDisabled()).toBe(true);

    await runCommand(page, 'Pantograph: Ensure Environment');
    await notifications(page).filter({ hasText: 'not trusted' }).first().waitFor({ timeout: 20_000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    await expect.poll(() => notifications(page).count(), { timeout: 10_000 }).toBe(0);
    await runCommand(page, 'Pantograph: Run Workflow');
    await notifications(page).filter({ hasText: 'not trusted' }).first().waitFor({ timeout: 20_000 });
    expect(readdirSync(server.dataDir).filter((d) => d === 'envs')).toEqual([]);
  });
});
