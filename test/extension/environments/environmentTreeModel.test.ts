import { describe, expect, it } from 'vitest';
import {
  environmentItem,
  environmentItems,
  formatAge,
  formatBytes,
  shortEnvId,
} from '../../../src/extension/environments/environmentTreeModel.js';
import type { EnvironmentSummary } from '../../../src/core/store/environmentStore.js';

const now = new Date('2025-06-10T00:00:00Z');

function summary(overrides: Partial<EnvironmentSummary> = {}): EnvironmentSummary {
  return {
    key: '0123456789abcdef0123',
    envDir: '/data/envs/python/0123456789abcdef0123',
    manifestPath: '/data/envs/python/0123456789abcdef0123/manifest.json',
    state: 'ready',
    problem: null,
    envId: 'python-venv:demo-synth-runtime:1:abc:linux-x86_64:demo',
    environmentKind: 'python-venv',
    pythonExecutable: '/data/envs/python/0123456789abcdef0123/bin/python',
    pythonVersion: '3.12.3',
    sizeBytes: 5 * 1024 * 1024,
    createdAt: '2025-06-01T00:00:00Z',
    lastUsedAt: '2025-06-08T00:00:00Z',
    locked: false,
    packages: [
      { name: 'zeta', version: '1.0' },
      { name: 'pantograph-demo-synth', version: '0.1.0' },
    ],
    ...overrides,
  };
}

describe('environment tree items', () => {
  it('labels a ready environment with its short key, model profile and state', () => {
    const item = environmentItem(summary(), now);
    expect(item.label).toBe('0123456789ab');
    expect(item.description).toBe('demo-synth-runtime@1 · ready');
    expect(item.icon).toEqual({ id: 'check', color: 'testing.iconPassed' });
    expect(item.contextValue).toBe('environment.ready');
  });

  it('puts Python version, size and last use in the tooltip', () => {
    const { tooltip } = environmentItem(summary(), now);
    expect(tooltip).toContain('Python: 3.12.3');
    expect(tooltip).toContain('Size: 5.0 MB');
    expect(tooltip).toContain('Last used: 2 days ago');
  });

  it('shows a spinner while installing and an error icon when failed', () => {
    expect(environmentItem(summary({ state: 'installing', locked: true }), now)).toMatchObject({
      icon: { id: 'loading~spin' },
      contextValue: 'environment.installing.locked',
    });
    expect(environmentItem(summary({ state: 'failed' }), now)).toMatchObject({
      icon: { id: 'error' },
      contextValue: 'environment.failed',
    });
  });

  it('warns about a folder whose manifest is unusable', () => {
    const item = environmentItem(summary({ state: 'unknown', problem: 'corrupt', envId: null, packages: [] }), now);
    expect(item.icon.id).toBe('warning');
    expect(item.description).toBe('python-venv · unusable (corrupt)');
    expect(item.contextValue).toBe('environment.unknown');
  });

  it('lists packages as sorted children with their versions', () => {
    expect(environmentItem(summary(), now).packages.map((p) => `${p.label} ${p.description}`)).toEqual([
      'pantograph-demo-synth 0.1.0',
      'zeta 1.0',
    ]);
  });

  it('orders environments most recently used first', () => {
    const items = environmentItems(
      [summary({ key: 'a'.repeat(20), lastUsedAt: '2025-01-01T00:00:00Z' }), summary({ key: 'b'.repeat(20) })],
      now,
    );
    expect(items.map((i) => i.key[0])).toEqual(['b', 'a']);
  });

  it('formats sizes, ages and env ids for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
    expect(formatAge('2025-06-09T23:59:30Z', now)).toBe('just now');
    expect(formatAge('2025-06-09T21:00:00Z', now)).toBe('3 h ago');
    expect(shortEnvId('weird')).toBe('weird');
    expect(shortEnvId(null)).toBeNull();
  });
});
