import { describe, expect, it } from 'vitest';
import { gcOptions, readSettings, serviceSettings } from '../../src/extension/settings.js';

const from =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

describe('readSettings', () => {
  it('treats an empty or "none" default index as offline', () => {
    expect(readSettings(from({ defaultIndexUrl: '' })).defaultIndexUrl).toBeNull();
    expect(readSettings(from({ defaultIndexUrl: ' None ' })).defaultIndexUrl).toBeNull();
    expect(readSettings(from({ defaultIndexUrl: 'https://pypi.org/simple' })).defaultIndexUrl).toBe('https://pypi.org/simple');
  });

  it('turns empty paths into null and drops blank extra indexes', () => {
    const settings = readSettings(
      from({ dataDir: '  ', pythonPath: '/usr/bin/python3', extraIndexUrls: ['', ' https://x/simple ', 3] }),
    );
    expect(settings).toMatchObject({ dataDir: null, pythonPath: '/usr/bin/python3', extraIndexUrls: ['https://x/simple'] });
    expect(serviceSettings(settings)).toEqual({
      defaultIndexUrl: null,
      defaultPythonPath: '/usr/bin/python3',
      extraIndexUrls: ['https://x/simple'],
      installer: 'store',
    });
  });

  it('defaults the installer to the package store and accepts only store or pip', () => {
    expect(readSettings(from({})).installer).toBe('store');
    expect(readSettings(from({ installer: 'pip' })).installer).toBe('pip');
    expect(readSettings(from({ installer: 'uv' })).installer).toBe('store');
  });

  it('lists the Hugging Face cache only when huggingFaceCache is true', () => {
    expect(readSettings(from({})).huggingFaceCache).toBe(false);
    expect(readSettings(from({ huggingFaceCache: 'yes' })).huggingFaceCache).toBe(false);
    expect(readSettings(from({ huggingFaceCache: true })).huggingFaceCache).toBe(true);
  });

  it('maps the GC settings to a policy where 0 means no limit', () => {
    const now = new Date(0);
    expect(gcOptions(readSettings(from({ 'gc.maxAgeDays': 30, 'gc.maxSizeGB': 0 })), now)).toEqual({ now, maxAgeDays: 30 });
    expect(gcOptions(readSettings(from({ 'gc.maxAgeDays': -1, 'gc.maxSizeGB': 2 })), now)).toEqual({
      now,
      maxSizeBytes: 2 * 1024 ** 3,
    });
  });

  it('reads the warm-worker idle time: default 300 s, 0 allowed, nonsense → default, capped at a day', () => {
    expect(readSettings(from({})).workerIdleSeconds).toBe(300);
    expect(readSettings(from({ workerIdleSeconds: 0 })).workerIdleSeconds).toBe(0);
    expect(readSettings(from({ workerIdleSeconds: 12.5 })).workerIdleSeconds).toBe(12.5);
    expect(readSettings(from({ workerIdleSeconds: -1 })).workerIdleSeconds).toBe(300);
    expect(readSettings(from({ workerIdleSeconds: 'soon' })).workerIdleSeconds).toBe(300);
    expect(readSettings(from({ workerIdleSeconds: 1e9 })).workerIdleSeconds).toBe(86_400);
  });
});
