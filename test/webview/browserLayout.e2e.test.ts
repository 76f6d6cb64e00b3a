/**
 * Nothing overlaps, every port label reads: every example workflow (examples/*.pantograph) and
 * every fixture workflow the tests open, in the light and the dark theme (and high contrast for
 * the demo), in Debian's chromium under the extension's real HTML and CSP. A node that grows (the
 * environment's details expanded) pushes what it would cover aside in one undoable edit. Key
 * states are saved as screenshots in test-results/webview/.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../src/core/workflow/workflowSchema.js';
import { HostHarness, isEditCommand } from './support/browserHarness.js';
import { browserSuite } from './support/browserSuite.js';
import type { ThemeName } from './support/browserHarness.js';
import { EXAMPLE_LIBRARY, envStatus, needsInputDocument, sampleDocument } from './support/fixtures.js';

const shots = path.resolve('test-results/webview');
const suite = browserSuite();

beforeAll(() => {
  mkdirSync(shots, { recursive: true });
});

const examples = readdirSync('examples')
  .filter((f) => f.endsWith('.pantograph'))
  .map(
    (f) =>
      [
        f.replace('.pantograph', ''),
        () => JSON.parse(readFileSync(path.join('examples', f), 'utf8')) as WorkflowDocument,
      ] as const,
  );
const workflows: (readonly [string, () => WorkflowDocument])[] = [
  ...examples,
  ['sample', sampleDocument],
  ['needs-input', needsInputDocument],
];

/**
 * Opens `doc` in `theme` with the example library; waits until every node is on screen and measured.
 * `uiState`: the webview state the page starts with (what VS Code keeps for a panel).
 */
async function open(
  doc: WorkflowDocument,
  theme: ThemeName,
  uiState?: Record<string, unknown>,
): Promise<{ page: Page; host: HostHarness }> {
  const page = await suite.newPage({ width: 1600, height: 1000 });
  const host = new HostHarness(doc);
  host.handle('library/list', () => ({ models: EXAMPLE_LIBRARY }));
  suite.server.setTheme(theme);
  await host.attach(page, suite.server);
  if (uiState) {
    await page.addInitScript((seed) => {
      const w = window as unknown as { acquireVsCodeApi(): { getState(): unknown; setState(s: unknown): void } };
      const acquire = w.acquireVsCodeApi;
      let seeded = false;
      w.acquireVsCodeApi = () => {
        const api = acquire();
        if (!seeded) api.setState({ ...(api.getState() as object | undefined), ...seed });
        seeded = true;
        return api;
      };
    }, uiState);
  }
  await page.goto(suite.server.url);
  const p = page;
  // A stored viewport may show part of the graph only.
  if (uiState?.viewport) return { page: p, host };
  await expect.poll(() => p.locator('.react-flow__node').count()).toBe(doc.graph.nodes.length);
  await expect.poll(() => p.locator('.react-flow__node[style*="visibility: hidden"]').count()).toBe(0);
  // The library answered: the pickers show the (long) names.
  await expect.poll(() => p.locator('.pg-node-puma-lib .pg-facts dd').first().textContent()).not.toBe('—');
  return { page: p, host };
}

/** What is wrong with the layout on screen: overlapping node boxes, clipped port labels. */
function layoutProblems(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const problems: string[] = [];
    const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => ({
      id: n.dataset.id ?? '?',
      el: n,
      box: n.getBoundingClientRect(),
    }));
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i]!.box;
        const b = nodes[j]!.box;
        if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
          problems.push(`${nodes[i]!.id} overlaps ${nodes[j]!.id}`);
      }
    }
    for (const { id, el, box } of nodes) {
      // Handles overhang the node's edges by design; its text containers must not overflow.
      for (const part of el.querySelectorAll<HTMLElement>('.pg-node-header, .pg-node-body, .pg-node-footer')) {
        if (part.scrollWidth > part.clientWidth + 1)
          problems.push(`${id}: ${part.className.split(' ')[0]} wider than the node (${part.scrollWidth} > ${part.clientWidth})`);
      }
      for (const port of el.querySelectorAll<HTMLElement>('.pg-port')) {
        const label = port.querySelector<HTMLElement>('.pg-port-label');
        const name = label?.textContent ?? '?';
        const r = label?.getBoundingClientRect();
        const p = port.getBoundingClientRect();
        if (r && (r.left < p.left - 0.5 || r.right > p.right + 0.5))
          problems.push(`${id}.${name}: label clipped by its port row`);
        if (r && (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5))
          problems.push(`${id}.${name}: label outside its node`);
        // Another node drawn over the label hides it (the label's centre must hit this node).
        if (r) {
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          if (hit && !el.contains(hit)) problems.push(`${id}.${name}: label covered`);
        }
      }
      for (const fact of el.querySelectorAll<HTMLElement>('.pg-facts dd')) {
        if (fact.scrollWidth > fact.clientWidth + 1 && !fact.title) problems.push(`${id}: a shortened fact has no tooltip`);
      }
    }
    return problems;
  });
}

describe('layout in chromium', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const [name, document] of workflows) {
      it(`${name} (${theme}): no two nodes overlap and no port label is clipped`, async () => {
        const { page: p, host } = await open(document(), theme);
        expect(await layoutProblems(p)).toEqual([]);
        expect(host.edits()).toEqual([]);
        await p.screenshot({ path: path.join(shots, `layout-${name}-${theme}.png`) });
      });
    }
  }

  it('shows a long model name with an ellipsis and keeps the whole name in its tooltip', async () => {
    const { page: p } = await open(JSON.parse(readFileSync('examples/pytorch.pantograph', 'utf8')) as WorkflowDocument, 'light');
    const fact = p.locator('[data-testid="node-model"] .pg-facts dd').first();
    expect(await fact.getAttribute('title')).toBe('Tiny Torch (toy TorchScript classifier, not a trained model)');
    expect(await fact.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await fact.evaluate((el) => getComputedStyle(el).textOverflow)).toBe('ellipsis');
    // Layout px (offsetWidth ignores the viewport's zoom): the name did not widen the node.
    expect(await p.locator('[data-testid="node-model"]').evaluate((el) => (el as HTMLElement).offsetWidth)).toBe(240);
  });

  it('makes room when a node grows over another: one move_node batch, undone in one step', async () => {
    const doc = needsInputDocument();
    // A text node right under the compact environment node (160 px tall): its details will cover it.
    doc.graph.nodes.push({
      id: 'note',
      node_type: 'text-input',
      position: { x: 360, y: 200 },
      data: { text: 'under the environment' },
    });
    const { page: p, host } = await open(doc, 'dark');
    expect(await layoutProblems(p)).toEqual([]);
    // The status adds the key and the timeline; the expanded values add more: each growth that
    // covers the note is one "Make room" batch moving the note alone.
    let edit = host.next(isEditCommand);
    await host.notify('environment/status', {
      nodeId: 'environment',
      ref: null,
      status: envStatus('ready', READY_HISTORY, { environment_key: 'py-venv-0123456789abcdef' }),
      resolved: RESOLVED,
    });
    expect(await edit).toMatchObject({ params: { label: 'Make room', edits: [{ kind: 'move_node', node_id: 'note' }] } });
    await p.locator(`.pg-canvas[data-version="${host.version}"]`).waitFor();
    const before = host.document.graph.nodes.find((n) => n.id === 'note')?.position.y;
    edit = host.next(isEditCommand);
    await p.getByRole('button', { name: /Values per binding/ }).click();
    expect(await edit).toMatchObject({ params: { label: 'Make room', edits: [{ kind: 'move_node', node_id: 'note' }] } });
    expect(host.edits().every((batch) => batch.length === 1)).toBe(true);
    await p.locator(`.pg-canvas[data-version="${host.version}"]`).waitFor();
    expect(await layoutProblems(p)).toEqual([]);
    const moved = host.document.graph.nodes.find((n) => n.id === 'note');
    expect(moved?.position.x).toBe(360);
    expect(moved?.position.y).toBeGreaterThan(before ?? Infinity);
    await p.screenshot({ path: path.join(shots, 'make-room.png') });
    // VS Code's undo restores the previous document: the one step puts the node back.
    await host.undo();
    await expect.poll(() => host.document.graph.nodes.find((n) => n.id === 'note')?.position.y).toBe(before);
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    it(`shows the environment compact, then its values per binding on demand (${theme}), growing into free space`, async () => {
      const { page: p, host } = await open(
        JSON.parse(readFileSync('examples/demo.pantograph', 'utf8')) as WorkflowDocument,
        theme,
      );
      await host.notify('environment/status', {
        nodeId: 'environment',
        ref: READY_REF,
        status: envStatus('ready', READY_HISTORY, { environment_key: READY_REF.environment_key, package_count: 3 } as never),
        resolved: RESOLVED,
      });
      const node = p.locator('[data-testid="node-environment"]');
      await expect.poll(() => node.getByTestId('env-packages-environment').textContent()).toBe('Packages 3');
      const compact = await node.evaluate((el) => (el as HTMLElement).offsetHeight);
      expect(compact).toBeLessThan(260);
      await node.screenshot({ path: path.join(shots, `environment-compact-${theme}.png`) });
      const disclosure = node.getByRole('button', { name: /Values per binding/ });
      await disclosure.focus();
      await p.keyboard.press('Enter');
      expect(await disclosure.getAttribute('aria-expanded')).toBe('true');
      const region = node.getByRole('region', { name: 'Values per binding' });
      const wheel = region.getByLabel(`wheel_source_path: ${LONG_PATH}`);
      expect(await wheel.textContent()).toContain('…');
      expect(await wheel.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      expect(await region.locator('.pg-prov-badge').allTextContents()).toEqual(['override', 'base', 'base']);
      await expect.poll(() => layoutProblems(p)).toEqual([]);
      expect(host.edits()).toEqual([]);
      await node.screenshot({ path: path.join(shots, `environment-expanded-${theme}.png`) });
      await p.screenshot({ path: path.join(shots, `environment-expanded-canvas-${theme}.png`) });
    });
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`themes the minimap, keeps it off the nodes and toggles it from the toolbar (${theme}), remembered across reloads`, async () => {
      const { page: p } = await open(JSON.parse(readFileSync('examples/demo.pantograph', 'utf8')) as WorkflowDocument, theme);
      const minimap = p.locator('.react-flow__minimap');
      await minimap.waitFor();
      const colours = await minimap.evaluate((el) => {
        const style = getComputedStyle(el);
        const mask = el.querySelector('.react-flow__minimap-mask');
        return { background: style.backgroundColor, mask: mask ? getComputedStyle(mask).fill : '' };
      });
      // Translucent: colour-mixed with transparent, from the theme's variables.
      expect(colours.background).toMatch(/^color\(srgb .* \/ 0\.75\)$|rgba\(.*, 0\.75\)/);
      expect(colours.mask).toMatch(/\/ 0\.55\)$|, 0\.55\)$/);
      const box = await minimap.boundingBox();
      const nodes = await p
        .locator('.react-flow__node')
        .evaluateAll((els) =>
          els.map((e) => e.getBoundingClientRect().toJSON() as { left: number; right: number; top: number; bottom: number }),
        );
      for (const n of nodes)
        expect(box && n.left < box.x + box.width && box.x < n.right && n.top < box.y + box.height && box.y < n.bottom).toBe(
          false,
        );
      await p.screenshot({ path: path.join(shots, `minimap-${theme}.png`) });

      const toggle = p.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Minimap' });
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      await toggle.click();
      await expect.poll(() => minimap.count()).toBe(0);
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      // Kept in the webview state (VS Code restores it with the panel): a page starting from it has no minimap.
      const saved = await p.evaluate(() =>
        (window as unknown as { acquireVsCodeApi(): { getState(): { minimap?: boolean } } }).acquireVsCodeApi().getState(),
      );
      expect(saved.minimap).toBe(false);
      await p.close();
      const { page: again } = await open(
        JSON.parse(readFileSync('examples/demo.pantograph', 'utf8')) as WorkflowDocument,
        theme,
        saved,
      );
      expect(
        await again
          .getByRole('toolbar', { name: 'Editor' })
          .getByRole('button', { name: 'Minimap' })
          .getAttribute('aria-pressed'),
      ).toBe('false');
      expect(await again.locator('.react-flow__minimap').count()).toBe(0);
    });
  }

  it('hides the minimap while nodes lie under its corners', async () => {
    const doc = JSON.parse(readFileSync('examples/demo.pantograph', 'utf8')) as WorkflowDocument;
    // A viewport (as VS Code restores it) at zoom 2 on the audio node: it covers the right-hand side.
    const { page: p } = await open(doc, 'light', { viewport: { x: -500, y: 0, zoom: 2 } });
    await p.locator('[data-testid="node-audio"]').waitFor();
    // Once idle it would mount: give it the chance, then it must still be absent.
    await p.evaluate(() => new Promise((resolve) => requestIdleCallback(() => requestAnimationFrame(resolve))));
    await expect.poll(() => p.locator('.react-flow__minimap').count()).toBe(0);
    expect(
      await p.getByRole('toolbar', { name: 'Editor' }).getByRole('button', { name: 'Minimap' }).getAttribute('title'),
    ).toContain('hidden while nodes are under it');
  });
});

const LONG_PATH = '/home/someone/projects/pantograph/wheelhouse/cpu/linux-x86_64/torch-2.5.1';
const READY_REF = {
  contract_version: 1 as const,
  environment_key: 'py-venv-5f0c2a9e41d7b3c8',
  environment_kind: 'python-venv',
  env_ids: [],
  python_executable: '/home/someone/.local/share/pantograph/envs/python/py-venv-5f0c2a9e41d7b3c8/bin/python',
  state: 'ready' as const,
};
const READY_HISTORY = [
  { from: 'unresolved' as const, to: 'checking' as const, at: '2025-01-01T10:00:00Z' },
  { from: 'checking' as const, to: 'missing' as const, at: '2025-01-01T10:00:01Z' },
  { from: 'missing' as const, to: 'installing' as const, at: '2025-01-01T10:00:02Z' },
  { from: 'installing' as const, to: 'ready' as const, at: '2025-01-01T10:00:09Z' },
];
const view = (base: unknown, override: unknown, effective: unknown, provenance: string): Record<string, unknown> => ({
  base,
  override,
  effective,
  provenance,
});
const RESOLVED = [
  {
    binding_id: 'demo-any',
    python_executable: view(undefined, undefined, undefined, 'none'),
    index_url: view(
      'https://pypi.org/simple',
      'https://mirror.example.org/pypi/simple',
      'https://mirror.example.org/pypi/simple',
      'override',
    ),
    wheel_source_path: view(LONG_PATH, undefined, LONG_PATH, 'base'),
    requirements: [
      {
        display_name: 'numpy',
        exact_pin: '==2.1.3',
        effective_index_url: view('https://pypi.org/simple', undefined, 'https://pypi.org/simple', 'base'),
      },
    ],
  },
];
