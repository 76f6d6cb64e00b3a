/**
 * The deep check of an environment: re-hashes every file of every installed distribution against
 * the `RECORD` in its `.dist-info/` and names each file that is missing or changed. Works on any
 * environment (linked by Pantograph or installed by pip); rows without a hash (RECORD itself,
 * `.pyc` files pip may list unhashed) are not checked.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { PantographError, structuredError } from '../errors/structuredError.js';
import { runPoolAndSlices } from './pool.js';
import { metadataValues } from './unpackedWheel.js';
import { parseRecord, splitRecordHash, toUrlsafe } from './wheelMetadata.js';

/** Which environment to check. */
export interface VerifyEnvironmentOptions {
  /** The environment's site-packages folders (purelib, platlib; duplicates are checked once). */
  readonly sitePackagesDirs: readonly string[];
  readonly signal?: AbortSignal;
  /** Big files hashed at once (default 4). */
  readonly concurrency?: number;
}

/** Why a file does not match RECORD. `size` wins over `hash` when both differ. */
export type ChangeReason = 'missing' | 'hash' | 'size';

/** One file that does not match its distribution's RECORD. */
export interface ChangedFile {
  /** `Name` from METADATA (the `.dist-info` folder name when METADATA is unreadable). */
  readonly distribution: string;
  /** Absolute path of the file. */
  readonly path: string;
  readonly reason: ChangeReason;
}

/** The deep check's verdict. `ok` is true exactly when `changed` is empty. */
export interface EnvironmentVerification {
  readonly ok: boolean;
  readonly distributions: number;
  readonly checkedFiles: number;
  readonly changed: readonly ChangedFile[];
}

interface Check {
  readonly distribution: string;
  readonly path: string;
  readonly algorithm: string;
  readonly digest: string;
  readonly size: number | null;
}

/**
 * Re-hashes every RECORD-listed file of every `.dist-info` in `sitePackagesDirs`. A distribution
 * whose RECORD is missing is reported as `{ path: <dist-info>/RECORD, reason: 'missing' }`.
 * Throws `cancelled` when `signal` aborts, `io_error` when a site-packages folder is unreadable.
 */
export async function verifyEnvironment(options: VerifyEnvironmentOptions): Promise<EnvironmentVerification> {
  const changed: ChangedFile[] = [];
  const checks: Check[] = [];
  let distributions = 0;
  for (const siteDir of new Set(options.sitePackagesDirs.map((d) => resolve(d)))) {
    let names: string[];
    try {
      names = (await readdir(siteDir)).filter((n) => n.endsWith('.dist-info')).sort();
    } catch (error) {
      throw new PantographError(structuredError('io_error', `cannot read ${siteDir}: ${(error as Error).message}`, [siteDir]));
    }
    for (const name of names) {
      distributions++;
      const distInfo = join(siteDir, name);
      const metadata = await readFile(join(distInfo, 'METADATA'), 'utf8').catch(() => '');
      const distribution = metadataValues(metadata, 'name')[0] ?? name.replace(/\.dist-info$/, '');
      let recordText: string;
      try {
        recordText = await readFile(join(distInfo, 'RECORD'), 'utf8');
      } catch {
        changed.push({ distribution, path: join(distInfo, 'RECORD'), reason: 'missing' });
        continue;
      }
      for (const row of parseRecord(recordText, [distInfo, 'RECORD'])) {
        const hash = splitRecordHash(row.hash);
        if (hash === null) continue;
        checks.push({
          distribution,
          path: isAbsolute(row.path) ? row.path : resolve(siteDir, row.path),
          ...hash,
          size: row.size,
        });
      }
    }
  }
  const cancelled = (): PantographError =>
    new PantographError(structuredError('cancelled', 'verifying the environment was cancelled', []));
  const record = (check: Check, reason: ChangeReason | null): void => {
    if (reason) changed.push({ distribution: check.distribution, path: check.path, reason });
  };
  await runPoolAndSlices(checks, {
    isBig: (check) => check.size === null || check.size > SYNC_LIMIT,
    concurrency: options.concurrency ?? 4,
    work: async (check) => record(check, await checkFile(check)),
    workSync: (check) => record(check, checkSmallFileSync(check)),
    sizeOf: (check) => check.size ?? 0,
    sliceBytes: SLICE_BYTES,
    beforeEach: () => {
      if (options.signal?.aborted) throw cancelled();
    },
  });
  changed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ok: changed.length === 0, distributions, checkedFiles: checks.length, changed };
}

/** Files at most this big are hashed synchronously in slices. */
const SYNC_LIMIT = 1 << 20;
/** About this many bytes are hashed per synchronous slice. */
const SLICE_BYTES = 16 << 20;

function checkSmallFileSync(check: Check): ChangeReason | null {
  let data: Buffer;
  try {
    data = readFileSync(check.path);
  } catch {
    return 'missing';
  }
  if (check.size !== null && data.length !== check.size) return 'size';
  return toUrlsafe(createHash(check.algorithm).update(data).digest('base64')) === check.digest ? null : 'hash';
}

async function checkFile(check: Check): Promise<ChangeReason | null> {
  let size: number;
  try {
    const info = await stat(check.path);
    if (!info.isFile()) return 'missing';
    size = info.size;
  } catch {
    return 'missing';
  }
  if (check.size !== null && size !== check.size) return 'size';
  const hash = createHash(check.algorithm);
  try {
    for await (const chunk of createReadStream(check.path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  } catch {
    return 'missing';
  }
  return toUrlsafe(hash.digest('base64')) === check.digest ? null : 'hash';
}
