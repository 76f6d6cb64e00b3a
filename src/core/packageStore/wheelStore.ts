/**
 * Wheels, once: each resolved wheel lands once in `store/wheels/<sha256>/<file name>`. A local
 * file (`file:` URL) is hard-linked (or copied), a remote one downloaded with Node's fetch; the
 * index's sha256 is checked, or computed when the index gave none. Credentials in a URL go into an
 * Authorization header, never into a message or record.
 */
import { createWriteStream } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { PantographError, structuredError } from '../errors/structuredError.js';
import type { EntryLockOptions } from './entryLock.js';
import { withEntryLock } from './entryLock.js';
import { exists, linkOrCopy, placeFolder, scratchFolder, sha256OfFile, sha256OfText } from './fileOps.js';
import type { PackageStoreLayout } from './packageStoreLayout.js';
import type { ResolvedDistribution } from './pipReport.js';

/** A wheel kept in the store. */
export interface StoredWheel {
  readonly path: string;
  readonly fileName: string;
  readonly sha256: string;
}

/** The stored wheel of `sha256`, or null when the store has none. Never throws. */
export async function findStoredWheel(layout: PackageStoreLayout, sha256: string): Promise<StoredWheel | null> {
  try {
    const dir = layout.wheelDir(sha256);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.whl'));
    const fileName = files[0];
    return fileName === undefined ? null : { path: path.join(dir, fileName), fileName, sha256 };
  } catch {
    return null;
  }
}

/**
 * Makes sure the wheel of `dist` (kind `wheel`) is in the store and returns it. The first caller
 * for an entry fetches it under the entry's lock; concurrent callers (other processes too) wait
 * and reuse it. Throws `PantographError`: `dependency_install_failed` (hash mismatch, download
 * failure), `cancelled`.
 */
export async function storeWheel(
  layout: PackageStoreLayout,
  dist: ResolvedDistribution,
  options: EntryLockOptions,
): Promise<StoredWheel> {
  if (dist.indexSha256 !== null) {
    const known = await findStoredWheel(layout, dist.indexSha256);
    if (known) return known;
  }
  const lockId = dist.indexSha256 ?? sha256OfText(dist.url);
  return withEntryLock(layout, dist.indexSha256 !== null ? 'wheel' : 'url', lockId, options, async () => {
    if (dist.indexSha256 !== null) {
      const again = await findStoredWheel(layout, dist.indexSha256);
      if (again) return again;
    }
    const staged = await scratchFolder(layout.tmpDir, 'wheel');
    try {
      const file = path.join(staged, dist.fileName);
      await fetchArtifact(dist, file, options.signal);
      const sha256 = await sha256OfFile(file, options.signal);
      if (dist.indexSha256 !== null && sha256 !== dist.indexSha256) {
        throw new PantographError(
          structuredError(
            'dependency_install_failed',
            `the wheel ${dist.fileName} from ${dist.source} has sha256 ${sha256}, but the index says ${dist.indexSha256}`,
            [],
            'The file changed after the index was written; refresh the index or the wheel folder.',
          ),
        );
      }
      await placeFolder(staged, layout.wheelDir(sha256));
      const stored = await findStoredWheel(layout, sha256);
      if (!stored)
        throw new PantographError(
          structuredError('internal_error', `the store lost the wheel ${dist.fileName} right after placing it`),
        );
      return stored;
    } finally {
      await rm(staged, { recursive: true, force: true });
    }
  });
}

/** Puts the artifact of `dist` at `target`: a link or copy for `file:` URLs, else a download. */
export async function fetchArtifact(
  dist: Pick<ResolvedDistribution, 'url' | 'source' | 'fileName'>,
  target: string,
  signal?: AbortSignal,
): Promise<void> {
  if (/^file:/i.test(dist.url)) {
    try {
      await linkOrCopy(fileURLToPath(dist.url), target);
    } catch (error) {
      throw new PantographError(
        structuredError(
          'dependency_install_failed',
          `cannot read the wheel ${dist.source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        ),
      );
    }
    return;
  }
  const { url, headers } = withoutUserInfo(dist.url);
  let response: Response;
  try {
    response = await fetch(url, { headers, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw new PantographError(structuredError('cancelled', `downloading ${dist.fileName} was cancelled`));
    throw new PantographError(
      structuredError('dependency_install_failed', `downloading ${dist.source} failed: ${(error as Error).message}`),
    );
  }
  if (!response.ok || response.body === null) {
    throw new PantographError(
      structuredError('dependency_install_failed', `downloading ${dist.source} failed: HTTP ${response.status}`),
    );
  }
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      createWriteStream(target),
      signal ? { signal } : {},
    );
  } catch (error) {
    if (signal?.aborted) throw new PantographError(structuredError('cancelled', `downloading ${dist.fileName} was cancelled`));
    throw new PantographError(
      structuredError('dependency_install_failed', `downloading ${dist.source} failed: ${(error as Error).message}`),
    );
  }
}

/** Moves `user:password@` of a URL into a Basic Authorization header (fetch refuses credentials in URLs). Pure. */
export function withoutUserInfo(raw: string): { url: string; headers: Record<string, string> } {
  const parsed = new URL(raw);
  if (parsed.username === '' && parsed.password === '') return { url: raw, headers: {} };
  const token = Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64');
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, headers: { authorization: `Basic ${token}` } };
}

/** True when the store holds a wheel for `sha256`. Never throws. */
export async function hasStoredWheel(layout: PackageStoreLayout, sha256: string): Promise<boolean> {
  return exists(layout.wheelDir(sha256));
}
