/** The manifest's `resolved_packages` for an install that did not go through the store (the `pip` installer). */
import { fileURLToPath } from 'node:url';
import type { ResolvedPackage } from '../store/manifest.js';
import { sha256OfFile } from './fileOps.js';
import type { ResolvedDistribution } from './pipReport.js';

/**
 * One record per distribution of pip's report, sorted by name. The sha256 is the index's; for a
 * local file without one it is computed from the file. A remote artifact without an index hash,
 * and anything that is not an archive (a directory, a VCS checkout), has no sha256 to record and
 * is left out. Never throws.
 */
export async function recordedPackages(dists: readonly ResolvedDistribution[], signal?: AbortSignal): Promise<ResolvedPackage[]> {
  const records = await Promise.all(
    dists.map(async (dist): Promise<ResolvedPackage | null> => {
      let sha256 = dist.indexSha256;
      if (sha256 === null && /^file:/i.test(dist.url) && (dist.kind === 'wheel' || dist.kind === 'sdist')) {
        sha256 = await sha256OfFile(fileURLToPath(dist.url), signal).catch(() => null);
      }
      if (sha256 === null) return null;
      return {
        name: dist.name,
        version: dist.version,
        wheel: dist.fileName,
        source: dist.source,
        sha256,
        requested: dist.requested,
      };
    }),
  );
  return records.filter((r): r is ResolvedPackage => r !== null);
}
