/**
 * A child process contending for a key lock, for the cross-process tests. Run with
 * `node --import tsx lockWorker.ts <mode> <lockPath> <logFile> <id> [staleMs]`.
 * - `contend`: acquire, append `start <id>`, hold briefly (yielding to the event loop so overlap
 *   would show), append `end <id>`, release, exit 0.
 * - `hold`: acquire, print `acquired` on stdout, then keep the process alive until killed.
 */
import { appendFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { acquireKeyLock } from '../../../../src/core/locking/keyLock.js';

const [mode, lockPath, logFile, id, staleArg] = process.argv.slice(2);
if (!mode || !lockPath || !logFile || !id) throw new Error('usage: lockWorker <mode> <lockPath> <logFile> <id> [staleMs]');
const staleMs = staleArg ? Number(staleArg) : undefined;

const lock = await acquireKeyLock(lockPath, {
  staleMs,
  updateMs: 1000,
  onCompromised: (e) => appendFileSync(logFile, `compromised ${id} ${e.code}\n`),
});
if (mode === 'hold') {
  process.stdout.write('acquired\n');
  setInterval(() => undefined, 60_000);
} else {
  appendFileSync(logFile, `start ${id}\n`);
  for (let i = 0; i < 5; i += 1) await delay(20);
  appendFileSync(logFile, `end ${id}\n`);
  await lock.release();
}
