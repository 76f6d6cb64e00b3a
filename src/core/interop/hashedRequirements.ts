/**
 * A hash-checking `requirements.txt` of an environment's resolved set: one
 * `name==version --hash=sha256:<hex>` per distribution (sorted by name) and a `--find-links`
 * line per local wheel folder, so `pip install --no-deps --require-hashes -r requirements.txt`
 * (plus `--no-index` when every wheel is local, or the index for URL sources) reproduces it. Pure.
 */
import path from 'node:path';
import type { LockedPackage } from './pylock.js';

/** Header facts of {@link buildHashedRequirements}. */
export interface HashedRequirementsHeader {
  readonly environmentKey: string;
  readonly pythonVersion: string;
  readonly platformKey: string;
  readonly createdBy: string;
}

/** The requirements.txt text for `packages` (as {@link lockedPackagesOf} returns them). Pure. */
export function buildHashedRequirements(packages: readonly LockedPackage[], header: HashedRequirementsHeader): string {
  const folders = [
    ...new Set(
      packages
        .filter((p) => p.path !== null)
        .map((p) => (p.path!.includes('\\') && !p.path!.includes('/') ? path.win32 : path.posix).dirname(p.path!)),
    ),
  ].sort();
  const lines = [
    `# ${header.createdBy}: environment ${header.environmentKey} (Python ${header.pythonVersion}, ${header.platformKey})`,
    '# pip install --no-deps --require-hashes -r <this file>',
    // pip splits option lines like a POSIX shell: quote a folder with spaces.
    ...folders.map((folder) => `--find-links ${/[\s"'\\]/.test(folder) ? `'${folder.replace(/'/g, `'"'"'`)}'` : folder}`),
    ...[...packages]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => `${p.name}==${p.version} \\\n    --hash=sha256:${p.sha256}`),
  ];
  return `${lines.join('\n')}\n`;
}
