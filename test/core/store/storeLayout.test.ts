import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir, storeLayout, validateEnvironmentKey } from '../../../src/core/store/storeLayout.js';

describe('resolveDataDir', () => {
  it('uses $XDG_DATA_HOME/pantograph on Linux when it is absolute', () => {
    expect(resolveDataDir({ env: { XDG_DATA_HOME: '/xdg/data' }, platform: 'linux', homeDir: '/home/ann' })).toBe(
      '/xdg/data/pantograph',
    );
  });

  it('falls back to ~/.local/share/pantograph on Linux without XDG_DATA_HOME or with a relative one', () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', homeDir: '/home/ann' })).toBe('/home/ann/.local/share/pantograph');
    expect(resolveDataDir({ env: { XDG_DATA_HOME: 'relative/dir' }, platform: 'linux', homeDir: '/home/ann' })).toBe(
      '/home/ann/.local/share/pantograph',
    );
  });

  it('uses ~/Library/Application Support/pantograph on macOS, ignoring XDG_DATA_HOME', () => {
    expect(resolveDataDir({ env: { XDG_DATA_HOME: '/xdg' }, platform: 'darwin', homeDir: '/Users/ann' })).toBe(
      '/Users/ann/Library/Application Support/pantograph',
    );
  });

  it('uses %LOCALAPPDATA%\\pantograph on Windows, else the home AppData\\Local folder', () => {
    expect(
      resolveDataDir({
        env: { LOCALAPPDATA: 'C:\\Users\\Ann Lee\\AppData\\Local' },
        platform: 'win32',
        homeDir: 'C:\\Users\\Ann Lee',
      }),
    ).toBe('C:\\Users\\Ann Lee\\AppData\\Local\\pantograph');
    expect(resolveDataDir({ env: {}, platform: 'win32', homeDir: 'C:\\Users\\Ann Lee' })).toBe(
      'C:\\Users\\Ann Lee\\AppData\\Local\\pantograph',
    );
  });

  it('prefers PANTOGRAPH_DATA_DIR over the explicit setting, and the setting over the platform default', () => {
    const env = { PANTOGRAPH_DATA_DIR: '/env/dir', XDG_DATA_HOME: '/xdg' };
    expect(resolveDataDir({ env, explicit: '/setting/dir', platform: 'linux', homeDir: '/home/ann' })).toBe('/env/dir');
    expect(
      resolveDataDir({ env: { XDG_DATA_HOME: '/xdg' }, explicit: '/setting/dir', platform: 'linux', homeDir: '/home/ann' }),
    ).toBe('/setting/dir');
    expect(resolveDataDir({ env: { PANTOGRAPH_DATA_DIR: '  ' }, explicit: '', platform: 'linux', homeDir: '/home/ann' })).toBe(
      '/home/ann/.local/share/pantograph',
    );
    expect(resolveDataDir({ env: { PANTOGRAPH_DATA_DIR: 'D:\\Panto Data' }, platform: 'win32', homeDir: 'C:\\Users\\ann' })).toBe(
      'D:\\Panto Data',
    );
  });

  it('expands a leading ~ and resolves relative values against the home directory', () => {
    expect(resolveDataDir({ env: {}, explicit: '~/panto data', platform: 'linux', homeDir: '/home/ann' })).toBe(
      '/home/ann/panto data',
    );
    expect(resolveDataDir({ env: { PANTOGRAPH_DATA_DIR: 'rel' }, platform: 'darwin', homeDir: '/Users/ann' })).toBe(
      '/Users/ann/rel',
    );
    expect(resolveDataDir({ env: {}, explicit: '~\\Panto', platform: 'win32', homeDir: 'C:\\Users\\ann' })).toBe(
      'C:\\Users\\ann\\Panto',
    );
    expect(resolveDataDir({ env: {}, explicit: '~other/x', platform: 'linux', homeDir: '/home/ann' })).toBe('/home/ann/~other/x');
  });
});

describe('storeLayout', () => {
  const root = path.resolve('/data with spaces/pantograph');
  const layout = storeLayout(root);
  const key = '0123456789abcdef0123';

  it('places environments, manifests, markers, locks, tmp and cache under the data dir', () => {
    const paths = layout.paths(key);
    expect(paths.envDir).toBe(path.join(root, 'envs', 'python', key));
    expect(paths.manifestPath).toBe(path.join(root, 'envs', 'python', key, 'manifest.json'));
    expect(paths.lastUsedPath).toBe(path.join(root, 'envs', 'python', key, 'last_used'));
    expect(paths.lockPath).toBe(path.join(root, 'locks', `${key}.lock`));
    expect(layout.tmpDir).toBe(path.join(root, 'tmp'));
    expect(layout.cacheDir).toBe(path.join(root, 'cache'));
  });

  it.each([
    '../../etc/passwd',
    '0123456789abcdef012/',
    '0123456789abcdef01\\3',
    '..',
    'ABCDEF0123456789ABCD',
    '0123456789abcdef012',
    '0123456789abcdef01234',
    '',
  ])('refuses to build paths for the key %j', (bad) => {
    expect(validateEnvironmentKey(bad).ok).toBe(false);
    expect(() => layout.paths(bad)).toThrow(/invalid_environment_key/);
  });

  it('accepts a 20-character lowercase hex key', () => {
    expect(validateEnvironmentKey(key)).toEqual({ ok: true, value: key });
    expect(validateEnvironmentKey(42).ok).toBe(false);
  });
});
