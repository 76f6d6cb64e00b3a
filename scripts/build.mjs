// Builds the three bundles: extension host (Node, CJS, vscode external), webview (browser, ESM)
// and CLI (Node, CJS, with a shebang). `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync, rmSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', legalComments: 'none' };

// Shim so ESM-only dependencies that read import.meta.url keep working inside a CJS bundle.
const importMetaShim = { 'import.meta.url': '__pantograph_import_meta_url' };
const importMetaBanner = "const __pantograph_import_meta_url = require('url').pathToFileURL(__filename).href;";

const targets = [
  {
    ...common,
    mainFields: ['module', 'main'],
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    define: importMetaShim,
    banner: { js: importMetaBanner },
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // jsonc-parser's UMD build requires its modules dynamically, which a bundle cannot resolve: take the ESM build.
    mainFields: ['module', 'main'],
    define: importMetaShim,
    banner: { js: `#!/usr/bin/env node\n${importMetaBanner}` },
  },
  {
    ...common,
    entryPoints: ['src/webview/main.tsx'],
    // Code splitting: what is imported on first use (elkjs, 1.5 MB) becomes its own chunk, loaded
    // by a dynamic import() that inherits the nonce of main.js — parsing it cost every load ~0.5 s.
    outdir: 'dist/webview',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    loader: { '.css': 'css' },
    define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  },
].filter((t) => existsSync(t.entryPoints[0]));

// Stale chunks from earlier builds would ship in the VSIX: start the webview folder empty.
if (!watch) rmSync('dist/webview', { recursive: true, force: true });

if (watch) {
  for (const t of targets) {
    const ctx = await esbuild.context(t);
    await ctx.watch();
  }
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
