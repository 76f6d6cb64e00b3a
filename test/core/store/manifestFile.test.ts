import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendValidation, VALIDATION_HISTORY_LIMIT } from '../../../src/core/store/manifest.js';
import { isManifestTempFile, readManifestFile, writeManifestFile } from '../../../src/core/store/manifestFile.js';
import { keyOf, manifestFor } from './support/manifestFixture.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const key = keyOf(7);
let dir: string;
let manifestPath: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pantograph manifest '));
  manifestPath = path.join(dir, 'manifest.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('manifest files', () => {
  it('reads back a written ready manifest with its fields intact', async () => {
    const written = await writeManifestFile(manifestPath, manifestFor(key, { future_field: { kept: true } }));
    const read = await readManifestFile(manifestPath, key);
    expect(read.ready).toBe(true);
    expect(read.manifest).toEqual(written);
    expect(read.manifest?.base_interpreter.version).toBe('3.11.2');
    expect((read.manifest as Record<string, unknown> | undefined)?.['future_field']).toEqual({ kept: true });
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });

  it.each([
    ['missing', null],
    ['corrupt', '{"manifest_version": 1, "environment_key": "'],
    ['corrupt', ''],
    ['unsupported_version', JSON.stringify({ ...manifestFor(key), manifest_version: 2 })],
    ['invalid', JSON.stringify({ ...manifestFor(key), state: 'done' })],
    ['invalid', '[1, 2, 3]'.replace('[1, 2, 3]', JSON.stringify({ manifest_version: 1 }))],
    ['foreign', JSON.stringify(manifestFor(keyOf(8)))],
  ])('reports %s for such a manifest instead of throwing', async (reason, text) => {
    if (text !== null) await writeFile(manifestPath, text);
    const read = await readManifestFile(manifestPath, key);
    expect(read).toMatchObject({ ready: false, reason });
    expect(read.manifest).toBeUndefined();
  });

  it('reports a truncated real manifest as corrupt', async () => {
    await writeManifestFile(manifestPath, manifestFor(key));
    const full = await readFile(manifestPath, 'utf8');
    await writeFile(manifestPath, full.slice(0, Math.floor(full.length / 2)));
    expect(await readManifestFile(manifestPath, key)).toMatchObject({ ready: false, reason: 'corrupt' });
  });

  it('returns installing and failed manifests as not ready but with their content', async () => {
    await writeManifestFile(manifestPath, manifestFor(key, { state: 'installing' }));
    expect(await readManifestFile(manifestPath, key)).toMatchObject({
      ready: false,
      reason: 'installing',
      manifest: { state: 'installing' },
    });
    await writeManifestFile(
      manifestPath,
      manifestFor(key, { state: 'failed', failure: { code: 'dependency_install_failed', message: 'pip exited 1' } }),
    );
    expect(await readManifestFile(manifestPath, key)).toMatchObject({ ready: false, reason: 'failed', message: 'pip exited 1' });
  });

  it('refuses to write an invalid manifest and leaves the old one in place', async () => {
    await writeManifestFile(manifestPath, manifestFor(key));
    const bad = { ...manifestFor(key), python_executable: '' };
    await expect(writeManifestFile(manifestPath, bad)).rejects.toMatchObject({ code: 'invalid_payload' });
    expect((await readManifestFile(manifestPath, key)).ready).toBe(true);
  });

  it('keeps only the last 20 validation results, on append and on write', async () => {
    let manifest = manifestFor(key, { validation_history: [] });
    for (let i = 0; i < 25; i += 1)
      manifest = appendValidation(manifest, { at: `t${i}`, ok: i % 2 === 0, missing: [], mismatched: [] });
    expect(manifest.validation_history).toHaveLength(VALIDATION_HISTORY_LIMIT);
    expect(manifest.validation_history?.[0]?.at).toBe('t5');
    const many = Array.from({ length: 30 }, (_, i) => ({ at: `w${i}`, ok: true, missing: [], mismatched: [] }));
    const written = await writeManifestFile(manifestPath, manifestFor(key, { validation_history: many }));
    expect(written.validation_history.map((v) => v.at)).toEqual(many.slice(10).map((v) => v.at));
  });

  it('redacts credentials in index URLs before they reach the disk', async () => {
    const install = {
      ...manifestFor(key).install,
      index_config: {
        index_url: 'https://ann:s3cret@mirror.example/simple',
        extra_index_urls: ['https://tok@x.example/s'],
        args: '--find-links http://u:pw@h.example/w',
      },
    };
    await writeManifestFile(manifestPath, manifestFor(key, { install }));
    const text = await readFile(manifestPath, 'utf8');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('tok@');
    expect(text).not.toContain('pw@');
    expect(text).toContain('https://***@mirror.example/simple');
  });

  it('recognises the temp files left by interrupted atomic writes', () => {
    expect(isManifestTempFile('manifest.json.3166272537')).toBe(true);
    expect(isManifestTempFile('manifest.json')).toBe(false);
    expect(isManifestTempFile('last_used')).toBe(false);
  });

  it('never lets a concurrent reader in another process see a half-written manifest', async () => {
    const big = (tag: string, n: number) =>
      manifestFor(key, {
        key_payload: tag,
        effective_requirements: Array.from({ length: n }, (_, i) => ({
          name: `package-${i}`,
          version: `${i}.0.0`,
          source: `https://files.example/${tag}/${i}.whl`,
        })),
      });
    const versions = [big('small', 10), big('large', 20_000)];
    await writeManifestFile(manifestPath, versions[0]!);
    const stopFile = path.join(dir, 'stop');
    const reader = spawn(process.execPath, [path.join(here, 'support', 'manifestReader.mjs'), manifestPath, stopFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    reader.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<void>((resolve) => reader.once('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    while (!out.includes('ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 30; i += 1) await writeManifestFile(manifestPath, versions[i % 2]!);
    await writeFile(stopFile, '');
    await exited;
    const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      reads: number;
      parsed: number;
      failures: number;
      missing: number;
      tags: string[];
    };
    expect(result.failures).toBe(0);
    expect(result.missing).toBe(0);
    expect(result.reads).toBeGreaterThan(10);
    expect(result.tags.sort()).toEqual(['large', 'small']);
    expect((await readdir(dir)).filter(isManifestTempFile)).toEqual([]);
  });
});
