import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The React wrappers of vscode-elements, transformed by vite so that @lit/react resolves to its
    // browser build below: its Node build is for server rendering and never sets an element's
    // properties, so the jsdom component tests would see no value, id or disabled state.
    server: { deps: { inline: ['@vscode-elements/react-elements'] } },
  },
  resolve: {
    alias: [{ find: /^@lit\/react$/, replacement: fileURLToPath(new URL('./node_modules/@lit/react/development/index.js', import.meta.url)) }],
  },
});

export default config;
