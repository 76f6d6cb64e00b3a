// @vitest-environment jsdom
import { controlByLabel, settled, typeInto } from './support/webComponents.js';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { edits, needsInput, renderEnvNode, setup } from './support/componentEditor.js';
import { TORCH_INDEX_MISSING } from './support/fixtures.js';

afterEach(cleanup);

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
