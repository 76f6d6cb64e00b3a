/**
 * The page side of the browser tests: builds the real webview bundle with esbuild, serves it on a
 * loopback port with the extension's own HTML (real CSP, a VS Code theme, an embedded initial
 * state), and launches Debian's chromium through playwright-core. The fake extension host that
 * talks to the page is `hostHarness.ts`.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { buildWebviewHtml, createNonce } from '../../../src/extension/editor/webviewHtml.js';
import { THEMES } from './vscodeThemes.js';
import type { ThemeName } from './vscodeThemes.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Where Debian installs chromium; the browser tests launch exactly this binary. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Builds `src/webview/main.tsx` like scripts/build.mjs does, into a fresh temp folder. */
export async function buildWebviewBundle(): Promise<string> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'pantograph-webview-'));
  await build({
    entryPoints: [path.join(repoRoot, 'src/webview/main.tsx')],
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    loader: { '.css': 'css' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return outdir;
}

/** A served webview bundle; the page HTML is the extension's own (`buildWebviewHtml`, real CSP). */
export interface WebviewServer {
  readonly url: string;
  /** The first host message embedded in the next page loads (as the extension embeds it); `undefined`: none. */
  setInitialState(provider: (() => unknown) | undefined): void;
  /** The theme of the next page loads (default `dark`). */
  setTheme(theme: ThemeName): void;
  close(): Promise<void>;
}

/**
 * Serves `dir` (main.js, main.css, chunks/) on 127.0.0.1 and, at `/`, the page the extension
 * would give the webview: {@link buildWebviewHtml} with its Content-Security-Policy (so the
 * nonce, and the nonce inheritance of lazily imported chunks, are exercised for real), a theme and
 * the initial state set with `setInitialState`.
 */
export async function serveWebview(dir: string): Promise<WebviewServer> {
  let initialState: (() => unknown) | undefined;
  let theme: ThemeName = 'dark';
  let origin = '';
  const root = path.resolve(dir);
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    if (name === '/') {
      const html = buildWebviewHtml({
        cspSource: origin,
        nonce: createNonce(),
        scriptUri: '/main.js',
        styleUri: '/main.css',
        title: 'Pantograph (test)',
        initialState: initialState?.(),
      });
      const { bodyClass, variables } = THEMES[theme];
      // As VS Code does: the theme's variables on the html element, its kind as a body class.
      const themed = html
        .replace('</head>', `<style>html { ${variables} }</style></head>`)
        .replace(/<body([^>]*)>/, `<body$1 class="${bodyClass}" data-vscode-theme-kind="${bodyClass}">`);
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(themed);
    }
    const file = path.resolve(root, `.${name}`);
    if (!file.startsWith(root + path.sep) || !existsSync(file)) return void res.writeHead(404).end();
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    setInitialState: (provider) => void (initialState = provider),
    setTheme: (next) => void (theme = next),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Launches Debian's chromium. Throws when it is missing — everywhere, not only under CI: the
 * browser tests must fail, never skip (the test setup, test/setup/systemPackages.ts, installs it).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-dev-shm-usage',
      '--no-first-run',
    ],
  });
}
