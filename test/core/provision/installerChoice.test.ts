import { describe, expect, it } from 'vitest';
import { chooseInstaller } from '../../../src/core/provision/createProvisioner.js';
import { buildPipSourceArgs } from '../../../src/core/provision/pipArguments.js';
import { pipCanReport, withReport } from '../../../src/core/provision/resolvePackages.js';

describe('chooseInstaller', () => {
  it('uses the store for python-venv by default and pip for the python kind or when asked', () => {
    expect(chooseInstaller('store', 'python-venv', '23.2.1', [null], pipCanReport)).toEqual({
      installer: 'store',
      fallbackReason: null,
    });
    expect(chooseInstaller('store', 'python', '23.2.1', [null], pipCanReport)).toEqual({
      installer: 'pip',
      fallbackReason: null,
    });
    expect(chooseInstaller('pip', 'python-venv', '23.2.1', [null], pipCanReport)).toEqual({
      installer: 'pip',
      fallbackReason: null,
    });
  });

  it('falls back to pip, saying why, for a pip without --report and for VCS or editable sources, never echoing credentials', () => {
    expect(chooseInstaller('store', 'python-venv', '22.1', [], pipCanReport).fallbackReason).toMatch(/older than 22\.2/);
    expect(chooseInstaller('store', 'python-venv', null, [], pipCanReport).installer).toBe('pip');
    const vcs = chooseInstaller('store', 'python-venv', '24.0', ['git+https://user:tok@example.test/repo.git'], pipCanReport);
    expect(vcs.installer).toBe('pip');
    expect(vcs.fallbackReason).toContain('git+https');
    expect(vcs.fallbackReason).not.toContain('tok');
    expect(chooseInstaller('store', 'python-venv', '24.0', ['-e /src/pkg'], pipCanReport).installer).toBe('pip');
  });
});

describe('pip arguments for resolving and building', () => {
  it('inserts --report (and --dry-run --ignore-installed) right after install', () => {
    expect(withReport(['install', '--no-input', 'a==1'], '/r.json', true)).toEqual([
      'install',
      '--dry-run',
      '--ignore-installed',
      '--report',
      '/r.json',
      '--no-input',
      'a==1',
    ]);
    expect(withReport(['install', 'a==1'], '/r.json', false)).toEqual(['install', '--report', '/r.json', 'a==1']);
  });

  it('gives only the package sources of a plan', () => {
    const req = {
      name: 'a',
      version: '1',
      markers: null,
      hashes: [],
      indexUrl: null,
      extraIndexUrls: ['https://x/simple'],
      wheelSourcePath: '/wheels',
      packageSourceOverride: null,
      wheelSource: null,
    };
    expect(buildPipSourceArgs({ requirements: [req], defaultIndexUrl: 'https://i/simple' })).toEqual([
      '--index-url',
      'https://i/simple',
      '--extra-index-url',
      'https://x/simple',
      '--find-links',
      '/wheels',
    ]);
    expect(buildPipSourceArgs({ requirements: [{ ...req, extraIndexUrls: [] }], defaultIndexUrl: null })).toEqual([
      '--no-index',
      '--find-links',
      '/wheels',
    ]);
  });
});
