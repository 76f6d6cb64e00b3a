/**
 * The reading half of `ensure --lock`: a lock file parsed and checked against the payload before
 * anything is written — its pins satisfy the payload's (`lock_mismatch`) and every local wheel it
 * names still has the sha256 it records (`lock_hash_mismatch`). Reads files, writes nothing.
 */
import path from 'node:path';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result, StructuredError } from '../errors/structuredError.js';
import { sha256File } from '../packaging/wheelWriter.js';
import { lockMismatches, lockRequestFacts } from './lockRequirements.js';
import type { LockRequestFacts } from './lockRequirements.js';
import { parsePylock } from './pylock.js';
import type { LockedPackage, ParsedPylock } from './pylock.js';

/** What {@link checkLock} reads: the payload, its binding selection and the lock file. */
export interface LockCheckInput {
  /** A raw DependencyRequirementsV1 payload. */
  readonly requirements: unknown;
  readonly selectedBindingIds?: readonly string[] | null;
  /** The lock file's bytes and absolute path (relative wheel paths are relative to its folder). */
  readonly lockBytes: Uint8Array;
  readonly lockPath: string;
}

/** A lock that passed every check, with the payload's facts and the folder its paths are relative to. */
export interface CheckedLock {
  readonly lock: ParsedPylock;
  readonly facts: LockRequestFacts;
  readonly lockDir: string;
}

/** Where pip finds a locked wheel: its URL, else its path resolved against `lockDir`. Pure. */
export function lockedWheelLocation(pkg: LockedPackage, lockDir: string): string {
  return pkg.url ?? path.resolve(lockDir, pkg.path!);
}

/** Checks every local wheel's sha256 against the lock; URL wheels are checked by pip. */
async function hashMismatches(packages: readonly LockedPackage[], lockDir: string): Promise<StructuredError[]> {
  const errors: StructuredError[] = [];
  for (const [i, pkg] of packages.entries()) {
    if (pkg.url !== null) continue;
    const file = lockedWheelLocation(pkg, lockDir);
    let actual: string;
    try {
      actual = await sha256File(file);
    } catch (error) {
      errors.push(
        structuredError('path_not_found', `locked wheel ${file} cannot be read: ${(error as Error).message}`, [
          'packages',
          i,
          'wheels',
          0,
          'path',
        ]),
      );
      continue;
    }
    if (actual !== pkg.sha256)
      errors.push(
        structuredError(
          'lock_hash_mismatch',
          `${file} has sha256 ${actual}, the lock says ${pkg.sha256}`,
          ['packages', i, 'wheels', 0, 'hashes', 'sha256'],
          'The file changed since the lock was written: restore it or export a new lock.',
        ),
      );
  }
  return errors;
}

/**
 * Parses the lock (`invalid_lock_file`), takes the payload's pins (its own validation errors),
 * checks that the lock satisfies them (`lock_mismatch`) and that every local wheel's sha256
 * matches (`lock_hash_mismatch`; an unreadable wheel → `path_not_found`). The first step that
 * fails returns all of its errors; later steps do not run. Never throws.
 */
export async function checkLock(input: LockCheckInput): Promise<Result<CheckedLock>> {
  const lock = parsePylock(new TextDecoder().decode(input.lockBytes));
  if (!lock.ok) return lock;
  const facts = lockRequestFacts(input.requirements, input.selectedBindingIds ?? null);
  if (!facts.ok) return facts;
  const mismatches = lockMismatches(facts.value.pins, lock.value, input.lockPath);
  if (mismatches.length > 0) return fail(...mismatches);
  const lockDir = path.dirname(input.lockPath);
  const hashes = await hashMismatches(lock.value.packages, lockDir);
  if (hashes.length > 0) return fail(...hashes);
  return ok({ lock: lock.value, facts: facts.value, lockDir });
}
