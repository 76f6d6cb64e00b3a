/**
 * Browser test harness for the webview, in one import: the bundle build, static server and
 * chromium launch (`webviewServer.ts`), the fake extension host bridged to the page
 * (`hostHarness.ts`) and the VS Code themes (`vscodeThemes.ts`).
 */
export { CHROMIUM_PATH, buildWebviewBundle, launchChromium, serveWebview } from './webviewServer.js';
export type { WebviewServer } from './webviewServer.js';
export { HostHarness, cspViolations, isEditCommand } from './hostHarness.js';
export { THEMES } from './vscodeThemes.js';
export type { ThemeName } from './vscodeThemes.js';
