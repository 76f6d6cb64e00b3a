/**
 * The workflow editor's webview HTML: a strict Content-Security-Policy with a per-load nonce, the
 * webview bundle as the only script. Pure (the nonce comes from Node's crypto), no `vscode`.
 */
import { randomBytes } from 'node:crypto';

/** What the HTML needs; URIs already converted with `webview.asWebviewUri`. */
export interface WebviewHtmlInputs {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  /** The bundle's stylesheet; omitted when there is none. */
  readonly styleUri?: string | null;
  readonly title: string;
}

/** A fresh 128-bit base64url nonce for one HTML load. */
export function createNonce(): string {
  return randomBytes(16).toString('base64url');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
 * The full HTML document: CSP meta tag, the stylesheet (if any), a `#root` element and the module
 * script carrying the nonce. Every interpolated value is attribute-escaped.
 */
export function buildWebviewHtml(inputs: WebviewHtmlInputs): string {
  const csp = buildContentSecurityPolicy(inputs.cspSource, inputs.nonce);
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
    <div id="root"></div>
    <script type="module" nonce="${escapeAttribute(inputs.nonce)}" src="${escapeAttribute(inputs.scriptUri)}"></script>
  </body>
</html>
`;
}
