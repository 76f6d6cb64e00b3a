// @vitest-environment jsdom
import { settled } from './support/webComponents.js';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { shortenMiddle } from '../../src/webview/environment/shortenMiddle.js';
import { StatusTimeline, formatTime } from '../../src/webview/environment/StatusTimeline.js';
import { edits, renderEnvNode, setup } from './support/componentEditor.js';
import { envStatus } from './support/fixtures.js';

afterEach(cleanup);

describe('dependency-environment node', () => {
  it('toggles the mode with a set_mode edit and ensures through the request', async () => {
    const { host, store } = setup();
    renderEnvNode(store);
    await settled();
    expect(screen.getByRole('button', { name: 'auto' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'manual' }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'manual' }));
    expect(edits(host)[0]?.params).toMatchObject({ edits: [{ kind: 'set_mode', node_id: 'env', mode: 'manual' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Ensure' }));
    expect(host.sent.at(-1)).toEqual({ kind: 'request', method: 'environment/ensure', params: { nodeId: 'env' } });
  });

  it('is compact by default and lists the values per binding, with provenance badges, behind a disclosure button', () => {
    const { store } = setup();
    renderEnvNode(store);
    const view = (base: unknown, override: unknown, effective: unknown, provenance: string) => ({
      base,
      override,
      effective,
      provenance,
    });
    act(() =>
      store.getState().receive({
        type: 'notification',
        method: 'environment/status',
        params: {
          nodeId: 'env',
          ref: null,
          status: envStatus('missing', []),
          resolved: [
            {
              binding_id: 'cpu',
              python_executable: view(undefined, undefined, undefined, 'none'),
              index_url: view(
                'https://pypi.org/simple',
                'https://mirror.example/simple',
                'https://mirror.example/simple',
                'override',
              ),
              extra_index_urls: view([], undefined, [], 'none'),
              wheel_source_path: view(undefined, undefined, undefined, 'none'),
              requirements: [
                {
                  display_name: 'torch',
                  exact_pin: '==2.5.1',
                  effective_index_url: view(
                    'https://download.pytorch.org/whl/cpu',
                    undefined,
                    'https://download.pytorch.org/whl/cpu',
                    'base',
                  ),
                },
              ],
            },
          ],
        },
      }),
    );
    const toggle = screen.getByRole('button', { name: /Values per binding/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('region', { name: 'Values per binding' })).toBeNull();
    expect(toggle.textContent).toContain('1 binding, 2 fields');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const region = screen.getByRole('region', { name: 'Values per binding' });
    expect(toggle.getAttribute('aria-controls')).toBe(region.id);
    const lines = Array.from(region.querySelectorAll('li')).map((li) => Array.from(li.children).map((c) => c.textContent));
    expect(lines).toEqual([
      ['index_url', 'https://mirror.example/simple', 'override'],
      ['index_url', 'https://download.pytorch.org/whl/cpu', 'base'],
    ]);
    expect(screen.getByRole('region', { name: 'Binding cpu › torch==2.5.1' })).toBeTruthy();
    // The whole values, base and override are in the tooltip.
    expect(region.querySelector('li')?.getAttribute('title')).toContain('base: https://pypi.org/simple');
    fireEvent.click(toggle);
    expect(screen.queryByRole('region', { name: 'Values per binding' })).toBeNull();
  });

  it('shortens a long value in the middle and keeps it whole in the tooltip and accessible name', () => {
    const long = '/home/someone/very/long/path/to/a/folder/of/wheels/for/torch/cpu';
    expect(shortenMiddle(long, 20)).toBe('/home/som…/torch/cpu');
    expect(shortenMiddle('short', 20)).toBe('short');
    const { store } = setup();
    renderEnvNode(store);
    act(() =>
      store.getState().receive({
        type: 'notification',
        method: 'environment/status',
        params: {
          nodeId: 'env',
          ref: null,
          status: envStatus('ready', [], { environment_key: 'k1', package_count: 12 } as never),
          resolved: [
            {
              binding_id: 'cpu',
              wheel_source_path: { base: undefined, override: long, effective: long, provenance: 'override' },
            },
          ],
        },
      }),
    );
    expect(screen.getByTestId('env-packages-env').textContent).toBe('Packages 12');
    fireEvent.click(screen.getByRole('button', { name: /Values per binding/ }));
    const value = screen.getByLabelText(`wheel_source_path: ${long}`);
    expect(value.textContent).toContain('…');
    expect(value.textContent?.length).toBeLessThan(long.length);
  });

  it('shows no package count when the status carries none', () => {
    const { store } = setup();
    renderEnvNode(store);
    act(() =>
      store.getState().receive({
        type: 'notification',
        method: 'environment/status',
        params: { nodeId: 'env', ref: null, status: envStatus('ready', [], { environment_key: 'k1' }) },
      }),
    );
    expect(screen.queryByTestId('env-packages-env')).toBeNull();
    expect(screen.getByLabelText('Environment key: k1')).toBeTruthy();
  });

  it('shows diagnostics with a Show output link, and the ready key and python path with copy buttons', async () => {
    const { host, store } = setup();
    renderEnvNode(store);
    act(() =>
      store.getState().receive({
        type: 'notification',
        method: 'environment/status',
        params: {
          nodeId: 'env',
          ref: null,
          status: envStatus('failed', [], {
            code: 'install_failed',
            message: 'pip exited with 1',
            bindings: [
              {
                binding_id: 'cpu',
                state: 'failed',
                missing_requirements: [],
                installed_requirements: [],
                failed_requirements: ['torch==2.5.1'],
              },
            ],
          }),
        },
      }),
    );
    expect(screen.getAllByRole('alert')[0]?.textContent).toContain('install_failed');
    expect(screen.getByText(/Failing: torch==2.5.1/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show output' }));
    expect(host.sent.at(-1)).toEqual({ kind: 'command', method: 'output/show', params: {} });
    act(() =>
      store.getState().receive({
        type: 'notification',
        method: 'environment/status',
        params: {
          nodeId: 'env',
          ref: { environment_kind: 'python-venv', env_ids: [], state: 'ready', python_executable: '/envs/k1/bin/python' },
          status: envStatus('ready', [], { environment_key: 'k1' }),
        },
      }),
    );
    await settled();
    fireEvent.click(screen.getByRole('button', { name: 'Copy Environment key' }));
    expect(host.sent.at(-1)).toEqual({ kind: 'command', method: 'clipboard/copy', params: { text: 'k1' } });
    // The Python path is in the expanded view.
    expect(screen.queryByRole('button', { name: 'Copy Python' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Values per binding/ }));
    await settled();
    fireEvent.click(screen.getByRole('button', { name: 'Copy Python' }));
    expect(host.sent.at(-1)).toEqual({ kind: 'command', method: 'clipboard/copy', params: { text: '/envs/k1/bin/python' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open Terminal in Environment' }));
    expect(host.sent.at(-1)).toEqual({
      kind: 'command',
      method: 'environment/action',
      params: { action: 'openTerminal', environmentKey: 'k1' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Export Lock File' }));
    expect(host.sent.at(-1)).toEqual({
      kind: 'command',
      method: 'environment/action',
      params: { action: 'exportLock', environmentKey: 'k1' },
    });
  });
});

describe('status timeline', () => {
  it('renders each state on one line, with the time for screen readers and the transition, code and message in the tooltip', () => {
    const history = [
      { from: null, to: 'checking' as const, at: '2025-01-01T10:00:00Z' },
      { from: 'checking' as const, to: 'installing' as const, at: '2025-01-01T10:00:02Z', message: 'pip install' },
      { from: 'installing' as const, to: 'failed' as const, at: '2025-01-01T10:00:09Z', code: 'install_failed' },
    ];
    render(<StatusTimeline status={envStatus('failed', history)} />);
    const items = screen.getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      `${formatTime(history[0]!.at)} checking`,
      `${formatTime(history[1]!.at)} installing`,
      `${formatTime(history[2]!.at)} failed install_failed`,
    ]);
    expect(items.map((i) => i.getAttribute('title'))).toEqual([
      `${formatTime(history[0]!.at)} checking`,
      `${formatTime(history[1]!.at)} checking → installing — pip install`,
      `${formatTime(history[2]!.at)} installing → failed — install_failed`,
    ]);
    expect(items[1]?.querySelector('time')?.getAttribute('datetime')).toBe('2025-01-01T10:00:02Z');
  });
});
