/**
 * Shared helpers for the security suites: a real EnvironmentService over a fresh temp data dir
 * (the offline harness), a progress recorder, and "nothing written" checks that walk the disk.
 */
import { lstat, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ALL_ERROR_CODES } from '../../../src/core/errors/errorCodes.js';
import type { StructuredError } from '../../../src/core/errors/structuredError.js';
import type { EnsureProgressEvent } from '../../../src/core/domain/progress.js';
import type { EnsureOutcome } from '../../../src/core/environment/ensureReport.js';
import { createServiceHarness } from '../../support/serviceHarness.js';
import type { ServiceHarness } from '../../support/serviceHarness.js';

let counter = 0;

/** A harness over `<root>/data <n>` (the directory is not created: the service must not create it). */
export function freshHarness(root: string): ServiceHarness {
  counter += 1;
  return createServiceHarness(join(root, `data ${counter}`));
}

/** Every regular file below `dir` (relative paths), or `[]` when `dir` does not exist. Symlinks are not followed. */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const name of entries.sort()) {
    const full = join(dir, name);
    const info = await lstat(full);
    if (info.isDirectory()) files.push(...(await listFiles(full, join(prefix, name))));
    else if (info.isFile()) files.push(join(prefix, name));
  }
  return files;
}

/** Reads every regular file below `dir` as latin1 text (binary-safe substring search). */
export async function readAllFiles(dir: string): Promise<Map<string, string>> {
  const contents = new Map<string, string>();
  for (const file of await listFiles(dir)) contents.set(file, await readFile(join(dir, file), 'latin1'));
  return contents;
}

/** Asserts the data dir holds no file at all (typically: it was never created). */
export async function expectNothingWritten(h: ServiceHarness): Promise<void> {
  expect(await listFiles(h.dataDir)).toEqual([]);
}

/** Asserts no environment directory, manifest or lock exists (the interpreter facts cache may). */
export async function expectNoEnvironmentWritten(h: ServiceHarness): Promise<void> {
  const files = await listFiles(h.dataDir);
  expect(files.filter((f) => !f.startsWith(`cache`))).toEqual([]);
}

/** An `onProgress` listener that records every event. */
export function progressRecorder(): { events: EnsureProgressEvent[]; onProgress: (e: EnsureProgressEvent) => void } {
  const events: EnsureProgressEvent[] = [];
  return { events, onProgress: (e) => events.push(e) };
}

/** Every error is structured: a known code, a string message, a path array. */
export function expectStructured(errors: readonly StructuredError[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(ALL_ERROR_CODES).toContain(error.code);
    expect(typeof error.message).toBe('string');
    expect(Array.isArray(error.path)).toBe(true);
  }
}

/** A refused outcome: the expected state, an error with `code` at a path starting with `pathPrefix`, consistent status. */
export function expectRefused(
  outcome: EnsureOutcome,
  state: 'failed' | 'needs_user_input',
  code: string,
  pathPrefix: readonly (string | number)[],
): void {
  expect(outcome.state).toBe(state);
  expectStructured(outcome.errors);
  const match = outcome.errors.find((e) => e.code === code);
  expect(match, `expected ${code} among ${JSON.stringify(outcome.errors.map((e) => [e.code, e.path]))}`).toBeDefined();
  expect(match!.path.slice(0, pathPrefix.length)).toEqual([...pathPrefix]);
  expect(outcome.status.state).toBe(state);
  expect(outcome.status.code).toBe(outcome.errors[0]!.code);
  expect(outcome.ref?.python_executable ?? null).toBeNull();
  expect(outcome.installed).toBe(false);
}
