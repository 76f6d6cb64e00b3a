/** The package version, read once from the extension root's package.json (`0.0.0` when unreadable). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findExtensionRoot } from '../core/library/extensionRoot.js';

let cached: string | undefined;

/** `version` of the package.json beside the bundle (or the repository's). */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  try {
    cached =
      (JSON.parse(readFileSync(join(findExtensionRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    cached = '0.0.0';
  }
  return cached;
}
