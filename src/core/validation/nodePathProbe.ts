/**
 * The node-fs {@link PathProbe}: the only I/O in `core/validation`. Synchronous `stat` (follows
 * symlinks); never throws.
 */
import { statSync } from 'node:fs';
import type { PathProbe } from './paths.js';

/**
 * Probes the local filesystem. A regular file is `file`, a directory is `directory`; anything else
 * (nothing there, a broken symlink, no permission, a device, FIFO or socket) is `missing`, since
 * nothing usable is there.
 */
export const nodePathProbe: PathProbe = {
  kind(path: string): 'file' | 'directory' | 'missing' {
    try {
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats === undefined) return 'missing';
      if (stats.isFile()) return 'file';
      if (stats.isDirectory()) return 'directory';
      return 'missing';
    } catch {
      return 'missing';
    }
  },
};
