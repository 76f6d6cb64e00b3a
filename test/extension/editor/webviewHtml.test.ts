// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { INITIAL_STATE_ELEMENT_ID } from '../../../src/core/protocol/initialState.js';
import {
  buildContentSecurityPolicy,
  buildWebviewHtml,
  createNonce,
  jsonForScriptElement,
} from '../../../src/extension/editor/webviewHtml.js';
import { readInitialState, SHOWN_BEFORE_KEY, startingState } from '../../../src/webview/initialState.js';

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
    const html = buildWebviewHtml({
      cspSource: csp,
      nonce: 'n0nce',
      scriptUri: 'https://x/main.js',
      styleUri: 'https://x/main.css',
      title: 'demo',
    });
    expect(html).toContain('<script type="module" nonce="n0nce" src="https://x/main.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="https://x/main.css" />');
    expect(html).toContain('<div id="root"></div>');
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('escapes interpolated values so a file name cannot inject markup', () => {
    const html = buildWebviewHtml({
      cspSource: csp,
      nonce: 'n',
      scriptUri: 'https://x/main.js',
      title: '"><script>alert(1)</script>',
    });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('stylesheet');
  });

  it('embeds the initial state as an inert JSON block that no document text can break out of', () => {
    const hostile = {
      type: 'notification',
      method: 'workflow/state',
      params: {
        version: 3,
        document: {
          version: 1,
          metadata: { name: '</script><script>alert(1)</script><!--\u2028&' },
          graph: { nodes: [], edges: [] },
        },
        errors: [],
        readOnly: false,
      },
    };
    const html = buildWebviewHtml({
      cspSource: csp,
      nonce: 'n',
      scriptUri: 'https://x/main.js',
      title: 't',
      initialState: hostile,
    });
    expect(html).not.toContain('</script><script>alert');
    expect(html).not.toContain('<!--');
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain(`<script type="application/json" id="${INITIAL_STATE_ELEMENT_ID}">`);
    const dom = new DOMParser().parseFromString(html, 'text/html');
    expect(dom.querySelectorAll('script')).toHaveLength(2);
    expect(JSON.parse(dom.getElementById(INITIAL_STATE_ELEMENT_ID)?.textContent ?? '')).toEqual(hostile);
    expect(JSON.parse(jsonForScriptElement('a<b>&\u2029'))).toBe('a<b>&\u2029');
  });

  it('hands the webview the embedded workflow/state, and nothing for an absent, broken or foreign block', () => {
    const state = {
      type: 'notification',
      method: 'workflow/state',
      params: { version: 2, document: null, errors: [], readOnly: true, readOnlyReason: 'untrusted' },
    };
    const page = (initialState?: unknown): Document =>
      new DOMParser().parseFromString(
        buildWebviewHtml({ cspSource: csp, nonce: 'n', scriptUri: 'https://x/main.js', title: 't', initialState }),
        'text/html',
      );
    expect(readInitialState(page(state))).toEqual(state);
    expect(readInitialState(page())).toBeUndefined();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(readInitialState(page({ ...state, params: { version: 'two' } }))).toBeUndefined();
    expect(
      readInitialState(
        page({ type: 'notification', method: 'node/activity', params: { nodeId: 'a', kind: 'run', phase: 'started' } }),
      ),
    ).toBeUndefined();
    expect(readInitialState({ getElementById: () => ({ textContent: '{not json' }) })).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });

  it('starts from the embedded state on a panel’s first load only, and names it in webview/ready', () => {
    const state = {
      type: 'notification',
      method: 'workflow/state',
      params: { version: 7, document: null, errors: [], readOnly: true, readOnlyReason: 'untrusted' },
    };
    const page = new DOMParser().parseFromString(
      buildWebviewHtml({ cspSource: csp, nonce: 'n', scriptUri: 'https://x/main.js', title: 't', initialState: state }),
      'text/html',
    );
    let stored: unknown = { viewport: { x: 1, y: 2, zoom: 1 } };
    const api = { getState: () => stored, setState: (s: unknown) => void (stored = s) };
    const first = startingState(api, page);
    expect(first.initialState).toEqual(state);
    expect(first.readyParams).toEqual({ shown: { version: 7, readOnly: true, readOnlyReason: 'untrusted' } });
    expect(stored).toEqual({ viewport: { x: 1, y: 2, zoom: 1 }, [SHOWN_BEFORE_KEY]: true });
    // Recreated after being hidden: the same (possibly stale) HTML; wait for the host instead.
    expect(startingState(api, page)).toEqual({ initialState: undefined, readyParams: {} });
    expect(startingState({ getState: () => undefined, setState: () => undefined }, { getElementById: () => null })).toEqual({
      initialState: undefined,
      readyParams: {},
    });
  });

  it('creates a different url-safe nonce every time', () => {
    const a = createNonce();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(createNonce()).not.toBe(a);
  });
});
