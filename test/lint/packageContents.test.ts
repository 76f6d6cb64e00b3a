import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

describe('the VSIX file list (.vscodeignore)', () => {
  const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' });
  const files = listed.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);

  it('can be listed by vsce', () => {
    expect(listed.error).toBeUndefined();
    expect(listed.status).toBe(0);
  });

  it('ships the manifest, the icon, the Python workers and the contract schemas', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'media/pantograph.svg',
        'python/workers/audio_generation.py',
        'python/workers/text_generation.py',
        'python/workers/_hf_models.py',
        'examples/text-generation.pantograph',
        'examples/text-to-audio.pantograph',
        'docs/contracts/environment-ref.v1.schema.json',
        'docs/contracts/dependency-requirements.v1.schema.json',
      ]),
    );
  });

  it('leaves out sources, tests, tooling, docs prose, frozen snapshots and source maps', () => {
    const unwanted = files.filter(
      (file) =>
        /^(src|test|scripts|bench|node_modules|\.ci|coverage|test-results)\//.test(file) ||
        /^docs\/(?!contracts\/[^/]+\.schema\.json$)/.test(file) ||
        /\.(map|ts|tsx|pyc)$/.test(file) ||
        /(^|\/)(package-lock\.json|tsconfig\.json|eslint\.config\.js|vitest\.config\.ts)$/.test(file),
    );
    expect(unwanted).toEqual([]);
  });
});
