/**
 * The workflow editor's webview HTML: a strict Content-Security-Policy with a per-load nonce, the
 * webview bundle as the only script, and optionally the first `workflow/state` as an inert JSON
 * data block, so the editor renders the document on its first frame instead of after a
 * ready → state round trip. Pure (the nonce comes from Node's crypto), no `vscode`.
 */
import { randomBytes } from 'node:crypto';
import { INITIAL_STATE_ELEMENT_ID } from '../../core/protocol/initialState.js';

/** What the HTML needs; URIs already converted with `webview.asWebviewUri`. */
export interface WebviewHtmlInputs {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  /** The bundle's stylesheet; omitted when there is none. */
  readonly styleUri?: string | null;
  readonly title: string;
  /** The first host message (a `workflow/state` notification), embedded as JSON; omitted when absent. */
  readonly initialState?: unknown;
}

/** A fresh 128-bit base64url nonce for one HTML load. */
export function createNonce(): string {
  return randomBytes(16).toString('base64url');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `value` as JSON that is safe inside a `<script>` data block: `<`, `>`, `&` and the line/paragraph
 * separators are `\u` escapes, so no `</script>` or `<!--` can appear in it. Same value when parsed.
 */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The Content-Security-Policy: nothing by default; scripts only with the nonce; styles, images,
 * media and fonts only from the extension's webview resources (`cspSource`), with inline styles
 * (React Flow positions nodes with style attributes) and `data:`/`blob:` images and media.
 */
export function buildContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data: blob:`,
    `media-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/**
 * The full HTML document: CSP meta tag, the stylesheet (if any), a `#root` element, the initial
 * state data block (if any; a data block is never executed, so it needs no nonce) and the module
 * script carrying the nonce. Every interpolated value is attribute-escaped or script-safe JSON.
 */
export function buildWebviewHtml(inputs: WebviewHtmlInputs): string {
  const csp = buildContentSecurityPolicy(inputs.cspSource, inputs.nonce);
  const initial =
    inputs.initialState === undefined
      ? ''
      : `\n    <script type="application/json" id="${INITIAL_STATE_ELEMENT_ID}">${jsonForScriptElement(inputs.initialState)}</script>`;
  const style = inputs.styleUri ? `\n    <link rel="stylesheet" href="${escapeAttribute(inputs.styleUri)}" />` : '';
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />${style}
    <title>${escapeAttribute(inputs.title)}</title>
  </head>
  <body>
    <div id="root"></div>${initial}
    <script type="module" nonce="${escapeAttribute(inputs.nonce)}" src="${escapeAttribute(inputs.scriptUri)}"></script>
  </body>
</html>
`;
}
