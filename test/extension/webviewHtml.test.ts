import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, buildWebviewHtml, createNonce } from '../../src/extension/webviewHtml.js';

const csp = 'https://file+.vscode-resource.vscode-cdn.net';

describe('buildWebviewHtml', () => {
  it('allows scripts only with the nonce and nothing by default', () => {
    const policy = buildContentSecurityPolicy(csp, 'abc');
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'nonce-abc'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    expect(policy).toContain(`style-src ${csp} 'unsafe-inline'`);
    expect(policy).toContain(`img-src ${csp} data: blob:`);
    expect(policy).toContain(`media-src ${csp} data: blob:`);
    expect(policy).toContain(`font-src ${csp}`);
  });

  it('loads the bundle as a module script carrying the nonce, and the stylesheet when given', () => {
    const html = buildWebviewHtml({ cspSource: csp, nonce: 'n0nce', scriptUri: 'https://x/main.js', styleUri: 'https://x/main.css', title: 'demo' });
    expect(html).toContain('<script type="module" nonce="n0nce" src="https://x/main.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="https://x/main.css" />');
    expect(html).toContain('<div id="root"></div>');
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('escapes interpolated values so a file name cannot inject markup', () => {
    const html = buildWebviewHtml({ cspSource: csp, nonce: 'n', scriptUri: 'https://x/main.js', title: '"><script>alert(1)</script>' });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('stylesheet');
  });

  it('creates a different url-safe nonce every time', () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(createNonce()).not.toBe(a);
  });
});
