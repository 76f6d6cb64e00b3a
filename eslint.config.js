// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

const noVscode = {
  name: 'vscode',
  message: 'Only src/extension may import vscode: keep this layer usable from the CLI and plain-Node tests.',
};
const reactPackages = ['react', 'react-dom', 'react/jsx-runtime', '@xyflow/react', 'zustand', '@vscode-elements/react-elements'];
const noReact = reactPackages.map((name) => ({
  name,
  message: 'React belongs to src/webview only.',
}));
const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);
const noNode = nodeBuiltins.map((name) => ({
  name,
  message: 'The webview runs in a browser sandbox: no Node built-ins. Ask the host through the protocol.',
}));
const nodeOnlyPackages = ['execa', 'proper-lockfile', 'write-file-atomic', 'env-paths', 'commander', 'cli-progress'].map(
  (name) => ({
    name,
    message: 'Node-only package: not allowed in the webview.',
  }),
);

/**
 * The browser-safe core (`src/core/browserSafeCore.json`): the part of src/core the webview may
 * import. It imports no Node built-in, no Node-only package and no other part of core.
 * test/lint/browserSafeCore.test.ts checks the same list against the real import graph.
 */
const BROWSER_SAFE_CORE = /** @type {string[]} */ (
  JSON.parse(readFileSync(new URL('./src/core/browserSafeCore.json', import.meta.url), 'utf8')).files
);
/** Core folders with no browser-safe file, and the browser-safe files of the mixed folders. */
const nodeOnlyCoreFolders = [
  'domain',
  'environment',
  'inference',
  'library',
  'locking',
  'nodes',
  'overrides',
  'packaging',
  'process',
  'provision',
  'python',
  'store',
];
const mixedCoreFolders = { requirements: ['packageName'], validation: ['limits', 'urls', 'paths'] };
/** Import patterns that leave the browser-safe core, for importers at `prefix` (`**` or `**\/core`). */
const outsideBrowserSafeCore = (/** @type {string} */ prefix) => [
  ...nodeOnlyCoreFolders.map((folder) => `${prefix}/${folder}/**`),
  ...Object.entries(mixedCoreFolders).flatMap(([folder, files]) => [
    `${prefix}/${folder}/*`,
    ...files.map((file) => `!${prefix}/${folder}/${file}.js`),
  ]),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**', '.e2e/**', 'test-results/**', 'test/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector: "ImportDeclaration[source.value='zod'][importKind='value'] > ImportSpecifier[imported.name='z']",
          message:
            "Use `import * as z from 'zod'`: the `z` object keeps all of zod (64 locales, JSON Schema) in the webview bundle.",
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.{ts,tsx}', 'src/cli/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode, ...noReact],
          patterns: [
            {
              group: ['**/extension/**', '**/webview/**'],
              message: 'Dependencies point inward: core and cli never import the host or the webview.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode, ...noReact],
          patterns: [
            {
              group: ['**/extension/**', '**/webview/**', '**/cli/**'],
              message: 'Dependencies point inward: core imports no outer layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: BROWSER_SAFE_CORE.map((glob) => (glob.endsWith('/**') ? `${glob}/*.{ts,tsx}` : glob)),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noVscode,
            ...noReact,
            ...noNode.map((p) => ({
              ...p,
              message: 'Browser-safe core (src/core/browserSafeCore.json) ships in the webview: no Node built-ins.',
            })),
            ...nodeOnlyPackages,
          ],
          patterns: [
            {
              group: ['**/extension/**', '**/webview/**', '**/cli/**'],
              message: 'Dependencies point inward: core imports no outer layer.',
            },
            {
              group: outsideBrowserSafeCore('**'),
              message: 'Browser-safe core imports only browser-safe core (src/core/browserSafeCore.json).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode, ...noNode, ...nodeOnlyPackages],
          patterns: [
            { group: ['**/extension/**', '**/cli/**'], message: 'The webview talks to the host only through the protocol.' },
            {
              group: outsideBrowserSafeCore('**/core'),
              message: 'The webview imports only the browser-safe core (src/core/browserSafeCore.json).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['vitest.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
