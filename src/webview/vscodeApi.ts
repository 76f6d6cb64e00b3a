/**
 * The slice of the VS Code webview API the editor uses. `acquireVsCodeApi` is a global that VS
 * Code injects into the webview (and the browser test harness fakes); it may be called once.
 */

/** What `acquireVsCodeApi()` returns. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  /** Injected by VS Code into every webview; callable once per page. */
  function acquireVsCodeApi(): VsCodeApi;
}

/** Acquires the API, or throws with a clear message outside a webview. */
export function getVsCodeApi(): VsCodeApi {
  if (typeof globalThis.acquireVsCodeApi !== 'function')
    throw new Error('acquireVsCodeApi is not available: not running inside a VS Code webview');
  return globalThis.acquireVsCodeApi();
}
