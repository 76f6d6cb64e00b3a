import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** CI (`.ci/run`) sets this to a folder: the run also writes its results there as `vitest.json`. */
const reportDir = process.env.PANTOGRAPH_TEST_REPORT_DIR;

export const config = defineConfig({
  test: {
    ...(reportDir ? { reporters: ['default', 'json'], outputFile: { json: join(reportDir, 'vitest.json') } } : {}),
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Installs the Debian packages the suites need (python3-torch, chromium, …) when missing, as
    // root; otherwise stops the run with the exact apt-get command (test/setup/systemPackages.ts).
    globalSetup: ['test/setup/globalSetup.ts'],
    // The React wrappers of vscode-elements, transformed by vite so that @lit/react resolves to its
    // browser build below: its Node build is for server rendering and never sets an element's
    // properties, so the jsdom component tests would see no value, id or disabled state.
    server: { deps: { inline: ['@vscode-elements/react-elements'] } },
  },
  resolve: {
    alias: [
      {
        find: /^@lit\/react$/,
        replacement: fileURLToPath(new URL('./node_modules/@lit/react/development/index.js', import.meta.url)),
      },
    ],
  },
});

export default config;
