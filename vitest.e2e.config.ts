/**
 * Vitest config of the end-to-end journeys (real code-server + chromium): only `test/e2e/**`
 * `*.e2e.ts` files, one worker, files in order, long timeouts. Run with `npm run test:e2e`.
 */
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** CI (`.ci/run`) sets this to a folder: the run also writes its results there as `vitest-e2e.json`. */
const reportDir = process.env.PANTOGRAPH_TEST_REPORT_DIR;

/** The e2e config (vitest needs it as the module's default export, hence the re-export below). */
export const config = defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { shuffle: false },
    ...(reportDir
      ? { reporters: ['verbose', 'json'], outputFile: { json: join(reportDir, 'vitest-e2e.json') } }
      : { reporters: ['verbose'] }),
  },
});

export { config as default };
