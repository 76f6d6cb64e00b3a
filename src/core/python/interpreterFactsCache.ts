/**
 * Interpreter facts cached by the interpreter's path + mtime + size, so the warm path learns an
 * interpreter's version and pip without starting it. In memory, plus (optionally) one JSON file
 * shared by every process using the same directory, written atomically (temp file + rename).
 *
 * The stamp comes from `stat` (following symlinks): upgrading an interpreter in place changes its
 * mtime or size and so invalidates the entry. The file is an optimisation only: a missing,
 * unreadable or corrupt file is an empty cache, and a failed write is ignored.
 */
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isInterpreterFacts } from './interpreterFacts.js';
import type { InterpreterFacts } from './interpreterFacts.js';

/** File name of the persisted cache inside the configured directory. */
export const INTERPRETER_CACHE_FILE = 'interpreters.json';

const FORMAT_VERSION = 1;

interface Entry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly facts: InterpreterFacts;
}

/** Options of {@link InterpreterFactsCache}. */
export interface InterpreterFactsCacheOptions {
  /** Directory holding `interpreters.json` (e.g. `<dataDir>/cache`); created on first write. Omit for memory only. */
  readonly directory?: string | null;
}

/** A facts cache; one instance per process is enough, several instances may share a directory. */
export class InterpreterFactsCache {
  readonly #file: string | null;
  readonly #entries = new Map<string, Entry>();

  constructor(options: InterpreterFactsCacheOptions = {}) {
    this.#file = options.directory ? join(options.directory, INTERPRETER_CACHE_FILE) : null;
  }

  /** The persisted file's path, or `null` for a memory-only cache. */
  get filePath(): string | null {
    return this.#file;
  }

  /**
   * The facts recorded for `executable` when its current mtime and size equal the recorded ones;
   * `undefined` otherwise (never seen, changed, or gone). One `stat`, plus one file read the first
   * time and on an in-memory miss (another process may have probed it). Never starts a process.
   */
  async get(executable: string): Promise<InterpreterFacts | undefined> {
    const stamp = await stampOf(executable);
    if (stamp === undefined) {
      this.#entries.delete(executable);
      return undefined;
    }
    let entry = this.#entries.get(executable);
    if (!matches(entry, stamp) && this.#file !== null) {
      await this.#mergeFromDisk();
      entry = this.#entries.get(executable);
    }
    return matches(entry, stamp) ? entry.facts : undefined;
  }

  /** Records `facts` for `executable` under its current stamp and persists the cache (best effort). */
  async set(executable: string, facts: InterpreterFacts): Promise<void> {
    const stamp = await stampOf(executable);
    if (stamp === undefined) return;
    if (this.#file !== null) await this.#mergeFromDisk();
    this.#entries.set(executable, { ...stamp, facts });
    if (this.#file !== null) await this.#persist(this.#file);
  }

  /** Adds the file's entries, which replace in-memory ones (every entry is re-checked against its stamp on use anyway). */
  async #mergeFromDisk(): Promise<void> {
    if (this.#file === null) return;
    for (const [path, entry] of await readEntries(this.#file)) this.#entries.set(path, entry);
  }

  async #persist(file: string): Promise<void> {
    const payload = { version: FORMAT_VERSION, entries: Object.fromEntries(this.#entries) };
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(temp, `${JSON.stringify(payload, null, 2)}\n`, 'utf8');
      await rename(temp, file);
    } catch {
      await unlink(temp).catch(() => undefined);
    }
  }
}

async function stampOf(executable: string): Promise<{ mtimeMs: number; size: number } | undefined> {
  try {
    const s = await stat(executable);
    return s.isFile() ? { mtimeMs: s.mtimeMs, size: s.size } : undefined;
  } catch {
    return undefined;
  }
}

function matches(entry: Entry | undefined, stamp: { mtimeMs: number; size: number }): entry is Entry {
  return entry !== undefined && entry.mtimeMs === stamp.mtimeMs && entry.size === stamp.size;
}

/** Reads and validates the cache file; anything unexpected yields no entries (or drops the bad entry). */
async function readEntries(file: string): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return entries;
  }
  if (typeof parsed !== 'object' || parsed === null) return entries;
  const { version, entries: raw } = parsed as { version?: unknown; entries?: unknown };
  if (version !== FORMAT_VERSION || typeof raw !== 'object' || raw === null) return entries;
  for (const [path, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) continue;
    const { mtimeMs, size, facts } = value as Record<string, unknown>;
    if (typeof mtimeMs === 'number' && typeof size === 'number' && isInterpreterFacts(facts) && facts.executable === path) {
      entries.set(path, { mtimeMs, size, facts });
    }
  }
  return entries;
}
