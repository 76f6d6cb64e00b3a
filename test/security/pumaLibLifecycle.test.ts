/**
 * Puma-Lib describes dependencies; it never manages them. The puma-lib node's whole module graph
 * (followed transitively from its runner) must not reach anything that creates, installs, locks,
 * stores or runs environments — so opening a model library can never start an installer.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LIFECYCLE_FOLDERS = [
  'src/core/environment/',
  'src/core/provision/',
  'src/core/store/',
  'src/core/locking/',
  'src/core/process/',
  'src/core/python/',
  'src/core/inference/',
];
const FORBIDDEN_BUILTINS = ['node:child_process', 'child_process', 'execa', 'proper-lockfile', 'write-file-atomic'];

/** Every value import (not `import type`) of `file`, as repo-relative paths or bare specifiers. */
function valueImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] ?? m[2]!,
  );
  return specifiers.map((s) => (s.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), s)).replace(/\.js$/, '.ts') : s));
}

/** The transitive value-import closure of `entry` (repo-relative files plus bare specifiers). */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.startsWith('src/')) queue.push(...valueImports(file));
  }
  return seen;
}

describe('Puma-Lib has no dependency lifecycle', () => {
  it('the puma-lib runner reaches no module that provisions, installs, stores, locks or runs processes', () => {
    const reached = [...closure('src/core/library/pumaLibRunner.ts')];
    expect(reached).toContain('src/core/library/resolveModelRequirements.ts');
    expect(reached.filter((f) => LIFECYCLE_FOLDERS.some((folder) => f.startsWith(folder)))).toEqual([]);
    expect(reached.filter((f) => FORBIDDEN_BUILTINS.includes(f))).toEqual([]);
  });

  it('the closure walker does see lifecycle modules where they are used (the control case)', () => {
    const reached = [...closure('src/core/environment/environmentService.ts')];
    expect(reached.some((f) => f.startsWith('src/core/provision/'))).toBe(true);
    expect(reached).toContain('proper-lockfile');
  });
});
