/**
 * The fake extension host of the browser tests: plays the host with the REAL protocol
 * (`parseWebviewMessage`, `applyWorkflowEdits`, notification/response envelopes), including a
 * harness-level undo stack, bridged to a playwright page by an init script.
 */
import type { Page } from 'playwright-core';
import { notificationMessage, parseWebviewMessage, responseMessage } from '../../../src/core/protocol/envelope.js';
import type { WebviewMessage } from '../../../src/core/protocol/envelope.js';
import type {
  NotificationMethod,
  NotificationParams,
  RequestMethod,
  RequestResult,
} from '../../../src/core/protocol/editorProtocol.js';
import { showsState } from '../../../src/core/protocol/initialState.js';
import type { ShownState } from '../../../src/core/protocol/initialState.js';
import { applyWorkflowEdits } from '../../../src/core/workflow/applyEdits.js';
import type { WorkflowDocument } from '../../../src/core/workflow/workflowSchema.js';
import type { WebviewServer } from './webviewServer.js';

/**
 * What the harness adds to every page before any page script runs (an init script, so the page's
 * CSP does not apply to it): the fake `acquireVsCodeApi` bridged to Node, a log of CSP violations
 * (`__cspViolations`, see {@link cspViolations}), and the observer that stamps
 * `__lastStateRenderedAt` at the first frame after React committed a new host version.
 */
const PAGE_INIT_SCRIPT = `
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => { window.__sent = (window.__sent || 0) + 1; window.__lastPostAt = performance.now(); window.__pantographToHost(message); },
    getState: () => state,
    setState: (s) => { state = s; },
  });
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => requestAnimationFrame(() => { window.__lastStateRenderedAt = performance.now(); }))
      .observe(document, { subtree: true, attributes: true, attributeFilter: ['data-version'] });
  });`;

/** What the page's Content-Security-Policy blocked so far (`directive blockedURI` each). */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate('window.__cspViolations ?? []') as Promise<string[]>;
}

type Handler<M extends RequestMethod> = (
  params: Extract<WebviewMessage, { method: M }>['params'],
  harness: HostHarness,
) => RequestResult<M> | Promise<RequestResult<M>>;

/** The fake extension host. */
export class HostHarness {
  document: WorkflowDocument;
  version = 1;
  readonly received: WebviewMessage[] = [];
  readonly rejected: unknown[] = [];
  readonly readOnly: { value: boolean; reason?: string } = { value: false };
  private readonly undoStack: WorkflowDocument[] = [];
  private readonly redoStack: WorkflowDocument[] = [];
  private readonly waiters: { test: (m: WebviewMessage) => boolean; resolve: (m: WebviewMessage) => void }[] = [];
  private readonly handlers: { [M in RequestMethod]?: Handler<M> } = {};
  private page: Page | undefined;

  constructor(document: WorkflowDocument) {
    this.document = document;
    this.handle('library/list', () => ({
      models: [
        {
          model_id: 'demo-synth',
          display_name: 'Demo Synth',
          model_type: 'audio',
          backend_key: 'cpu',
          platform_key: 'linux-x86_64',
          selected_binding_ids: ['cpu'],
        },
      ],
    }));
    this.handle('workflow/run', () => ({ ok: true }));
    this.handle('environment/ensure', () => ({ state: 'unresolved' }));
  }

  /** Answers request `method` with `handler`. */
  handle<M extends RequestMethod>(method: M, handler: Handler<M>): void {
    (this.handlers as Record<string, unknown>)[method] = handler;
  }

  /**
   * Bridges `page` to this harness; call before `page.goto`. With `server`, the page loads with
   * this harness's current state embedded in its HTML, as the extension does; without, the
   * webview waits for the state pushed after `webview/ready`.
   */
  async attach(page: Page, server?: WebviewServer): Promise<void> {
    this.page = page;
    await page.exposeFunction('__pantographToHost', (raw: unknown) => void this.receive(raw));
    await page.addInitScript(PAGE_INIT_SCRIPT);
    server?.setInitialState(() => this.stateMessage());
  }

  /** The `workflow/state` notification of the current document and version. */
  stateMessage(): unknown {
    return notificationMessage('workflow/state', {
      version: this.version,
      document: this.document,
      errors: [],
      readOnly: this.readOnly.value,
      ...(this.readOnly.reason ? { readOnlyReason: this.readOnly.reason } : {}),
    });
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) return void this.rejected.push(raw);
    const message = parsed.value;
    this.received.push(message);
    for (const w of [...this.waiters]) {
      if (!w.test(message)) continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(message);
    }
    if (message.type === 'command') {
      // Like the extension: no second copy of the state the webview already shows (embedded in its HTML).
      if (message.method === 'webview/ready') {
        const current = (this.stateMessage() as { params: ShownState }).params;
        if (showsState(message.params.shown, current)) this.shownVersion = current.version;
        else await this.post(this.stateMessage());
      }
      if (message.method === 'workflow/resync') await this.post(this.stateMessage());
      if (message.method === 'workflow/edits/apply') await this.applyEdits(message.params.baseVersion, message.params.edits);
      return;
    }
    const handler = this.handlers[message.method] as Handler<typeof message.method> | undefined;
    try {
      const result = handler ? await handler(message.params as never, this) : undefined;
      await this.post(responseMessage(message.id, { result: result as RequestResult<typeof message.method> }));
    } catch (error) {
      await this.post(responseMessage(message.id, { error: { code: 'internal_error', message: String(error), path: [] } }));
    }
  }

  /** Applies an edit batch and pushes the resulting state (a refused batch re-pushes the current one). */
  protected async applyEdits(
    baseVersion: number,
    edits: Extract<WebviewMessage, { method: 'workflow/edits/apply' }>['params']['edits'],
  ): Promise<void> {
    const result = this.readOnly.value || baseVersion !== this.version ? null : applyWorkflowEdits(this.document, edits);
    if (result?.ok) {
      this.undoStack.push(this.document);
      this.redoStack.length = 0;
      this.document = result.value;
      this.version++;
    }
    await this.pushState();
  }

  /** What VS Code's undo would do: restore the previous document and push it. */
  async undo(): Promise<void> {
    const previous = this.undoStack.pop();
    if (!previous) return;
    this.redoStack.push(this.document);
    this.document = previous;
    this.version++;
    await this.pushState();
  }

  /** What VS Code's redo would do. */
  async redo(): Promise<void> {
    const next = this.redoStack.pop();
    if (!next) return;
    this.undoStack.push(this.document);
    this.document = next;
    this.version++;
    await this.pushState();
  }

  /** Pushes `workflow/state` with the current document. */
  async pushState(): Promise<void> {
    await this.post(this.stateMessage());
  }

  /** Sends one notification to the webview. */
  async notify<M extends NotificationMethod>(method: M, params: NotificationParams<M>): Promise<void> {
    await this.post(notificationMessage(method, params));
  }

  /** The document version last sent to the page (or shown from its HTML), as the extension's dispatcher tracks it. */
  protected shownVersion: number | undefined;

  /** Every notification posted to the page, in order (method and params). */
  readonly sent: { readonly method: string; readonly params: unknown }[] = [];

  protected async post(message: unknown): Promise<void> {
    const sent = message as { type?: string; method?: string; params?: { version?: number } };
    if (sent.type === 'notification' && sent.method) this.sent.push({ method: sent.method, params: sent.params });
    if (sent.type === 'notification' && (sent.method === 'workflow/state' || sent.method === 'workflow/edited'))
      this.shownVersion = sent.params?.version;
    // As JSON text: playwright's own argument serialization walks big documents object by object
    // (over a second for 500 nodes on a loaded machine); VS Code's postMessage is a plain clone.
    const page = this.page;
    if (!page || page.isClosed()) return;
    // A test may close or reload the page while a push is in flight: that is not an error.
    await page
      .evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(message))
      .catch((error: unknown) => {
        if (!page.isClosed() && !String(error).includes('Execution context was destroyed')) throw error;
      });
  }

  /** Resolves with the next (or an already received, when `includePast`) message matching `test`. */
  next(test: (m: WebviewMessage) => boolean, includePast = false, timeoutMs = 20_000): Promise<WebviewMessage> {
    const past = includePast ? this.received.find(test) : undefined;
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching webview message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** The edits of every `workflow/edits/apply` received so far. */
  edits(): Extract<WebviewMessage, { method: 'workflow/edits/apply' }>['params']['edits'][] {
    return this.received.flatMap((m) => (m.type === 'command' && m.method === 'workflow/edits/apply' ? [m.params.edits] : []));
  }
}

/** True for an apply-edits command. */
export const isEditCommand = (m: WebviewMessage): boolean => m.type === 'command' && m.method === 'workflow/edits/apply';
