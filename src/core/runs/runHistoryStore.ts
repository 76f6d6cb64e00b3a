/**
 * The run history of one workflow: `<outputDir>/run-history.json` (newest first, at most `limit`
 * runs) and one log file per run in `<outputDir>/logs/<runId>.log`, next to the run's outputs.
 * Writes are atomic (write-file-atomic: temp file + rename), so a reader never sees half a file;
 * appends within one process are serialised. A run dropped from the list loses its log file too.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import writeFileAtomic from 'write-file-atomic';
import { fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';
import { RunRecordSchema } from './runRecord.js';
import type { RunRecord } from './runRecord.js';

/** How many runs a history keeps unless told otherwise. */
export const DEFAULT_RUN_HISTORY_LIMIT = 20;
/** The history file's name inside the run output folder. */
export const RUN_HISTORY_FILE = 'run-history.json';
/** The folder of run logs inside the run output folder. */
export const RUN_LOG_FOLDER = 'logs';

const HistoryFileSchema = z.object({ version: z.literal(1), runs: z.array(RunRecordSchema) });

/** A run id safe as a file name: letters, digits, `-`, `_`, `.` (not leading). */
const SAFE_RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** See the module comment. */
export class RunHistoryStore {
  readonly #dir: string;
  readonly #limit: number;
  #queue: Promise<unknown> = Promise.resolve();

  /** A store in run output folder `outputDir`, keeping `limit` runs (at least 1). */
  constructor(outputDir: string, limit = DEFAULT_RUN_HISTORY_LIMIT) {
    this.#dir = outputDir;
    this.#limit = Math.max(1, Math.floor(limit));
  }

  /** The history file's path. */
  get file(): string {
    return join(this.#dir, RUN_HISTORY_FILE);
  }

  /** Where the log of `runId` goes. */
  logFileOf(runId: string): Result<string> {
    if (!SAFE_RUN_ID.test(runId))
      return fail(structuredError('invalid_payload', `run id "${runId}" is not a safe file name`, ['run_id']));
    return ok(join(this.#dir, RUN_LOG_FOLDER, `${runId}.log`));
  }

  /** The stored runs, newest first. A missing file is an empty history; an unreadable one an `io_error`. */
  async list(): Promise<Result<RunRecord[]>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
      return fail(structuredError('io_error', `cannot read ${this.file}: ${(error as Error).message}`, [this.file]));
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return fail(
        structuredError(
          'io_error',
          `${this.file} is not JSON: ${(error as Error).message}`,
          [this.file],
          'Delete the file to start a new history.',
        ),
      );
    }
    const parsed = HistoryFileSchema.safeParse(raw);
    if (!parsed.success)
      return fail(
        structuredError(
          'io_error',
          `${this.file} is not a run history: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
          [this.file],
          'Delete the file to start a new history.',
        ),
      );
    return ok(parsed.data.runs);
  }

  /** Writes the log of `runId` (atomically); resolves to its path. */
  async writeLog(runId: string, lines: readonly string[]): Promise<Result<string>> {
    const file = this.logFileOf(runId);
    if (!file.ok) return file;
    try {
      await mkdir(join(this.#dir, RUN_LOG_FOLDER), { recursive: true });
      await writeFileAtomic(file.value, `${lines.join('\n')}\n`);
      return file;
    } catch (error) {
      return fail(structuredError('io_error', `cannot write ${file.value}: ${(error as Error).message}`, [file.value]));
    }
  }

  /**
   * Adds `record` in front, keeps the newest `limit` runs and deletes the logs of the runs dropped.
   * An unreadable history is replaced (its runs are lost, the new one kept). Resolves to the runs kept.
   */
  append(record: RunRecord): Promise<Result<RunRecord[]>> {
    const next = this.#queue.then(() => this.#append(record));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #append(record: RunRecord): Promise<Result<RunRecord[]>> {
    const checked = RunRecordSchema.safeParse(record);
    if (!checked.success)
      return fail(
        structuredError(
          'invalid_payload',
          `not a run record: ${checked.error.issues[0]?.message ?? 'invalid'}`,
          checked.error.issues[0]?.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) ?? [],
        ),
      );
    const current = await this.list();
    const previous = current.ok ? current.value.filter((r) => r.run_id !== record.run_id) : [];
    const runs = [checked.data, ...previous];
    const kept = runs.slice(0, this.#limit);
    try {
      await mkdir(this.#dir, { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, runs: kept }, null, 2)}\n`);
    } catch (error) {
      return fail(structuredError('io_error', `cannot write ${this.file}: ${(error as Error).message}`, [this.file]));
    }
    for (const dropped of runs.slice(this.#limit)) {
      const log = this.logFileOf(dropped.run_id);
      if (log.ok) await rm(log.value, { force: true });
    }
    return ok(kept);
  }
}
