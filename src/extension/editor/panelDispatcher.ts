/**
 * The message logic of one workflow panel, free of `vscode` so plain-Node tests can drive it:
 * validates every inbound message (rejects are logged and dropped), posts nothing before
 * `webview/ready`, answers every request exactly once (a request that arrives before `ready` or
 * after the document closed gets an error reply, never silence), and refuses edits to a closed
 * document. It remembers the document version it last sent, so a document change that is the
 * panel's own confirmed edit goes out as `workflow/edited` (the edits) rather than the whole
 * state. `vscodePanelPort.ts` adapts a real `vscode.WebviewPanel` to its port; the dispatcher itself
 * is the session's panel handle (no wrapper between the provider and it).
 */
import { notificationMessage, parseWebviewMessage, responseMessage } from '../../core/protocol/envelope.js';
import type { HostMessage, WebviewMessage } from '../../core/protocol/envelope.js';
import type { RequestMethod, RequestResult } from '../../core/protocol/editorProtocol.js';
import { structuredError } from '../../core/errors/structuredError.js';
import { showsState } from '../../core/protocol/initialState.js';
import type { StructuredError } from '../../core/errors/structuredError.js';
import type { DependencyEnvironmentStatusV1 } from '../../core/contracts/environmentStatus.js';
import type { OverrideFields } from '../../core/contracts/overridePatch.js';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import { dependencyEnvironmentNodeIds } from '../../core/nodes/dependencyEnvironmentRequest.js';
import { describeError } from '../environments/ensureMessages.js';
import { toProtocolError } from '../../core/protocol/protocolError.js';
import type { EditAccess, WorkflowDocumentModel } from './workflowDocumentModel.js';

/** The few things a panel needs from its host; the real one wraps VS Code and the controllers. */
export interface PanelPort {
  readonly model: WorkflowDocumentModel;
  /** False once the document's last editor closed. */
  isOpen(): boolean;
  access(): EditAccess;
  /** Posts to the webview unconditionally (the dispatcher does the gating). */
  postRaw(message: HostMessage): void;
  readonly log: { info(message: string): void; warn(message: string): void; error(message: string): void; show(): void };
  lastStatus(nodeId: string): DependencyEnvironmentStatusV1 | undefined;
  ensureNode(
    workflow: WorkflowDocument,
    nodeId: string,
  ): Promise<{ ok: true; state: string } | { ok: false; errors: readonly StructuredError[] }>;
  runWorkflow(
    workflow: WorkflowDocument,
    nodeId?: string,
  ): Promise<{ ok: boolean } | { ok: false; errors: readonly StructuredError[] }>;
  cancel(nodeId?: string): number;
  validateOverride(fields: OverrideFields): readonly StructuredError[];
  libraryModels(): Promise<
    { ok: true; models: RequestResult<'library/list'>['models'] } | { ok: false; errors: readonly StructuredError[] }
  >;
  openAsText(): Promise<void>;
  copyToClipboard(text: string): Promise<void>;
  /** Runs the host command for a ready environment (`pantograph.openTerminalInEnvironment` / `pantograph.exportLockFile`). */
  environmentAction(action: 'openTerminal' | 'exportLock', environmentKey: string): Promise<void>;
  /** The URI the webview loads a local file (e.g. a run's WAV) from. */
  webviewUri(fsPath: string): string;
}

type RequestMessage = Extract<WebviewMessage, { type: 'request' }>;
type CommandMessage = Extract<WebviewMessage, { type: 'command' }>;

const CLOSED = structuredError('invalid_message', 'the workflow document is closed');
const NOT_READY = structuredError('invalid_message', 'request sent before webview/ready');

/** See the module comment. One instance per panel. */
export class PanelDispatcher {
  readonly #port: PanelPort;
  #ready = false;
  /** The document version this panel was last sent (or showed from its HTML); `undefined`: none yet. */
  #shownVersion: number | undefined;

  constructor(port: PanelPort) {
    this.#port = port;
  }

  /** The URI this panel's webview loads the local file `fsPath` from. */
  webviewUri(fsPath: string): string {
    return this.#port.webviewUri(fsPath);
  }

  /** True once the webview sent `webview/ready`. */
  get ready(): boolean {
    return this.#ready;
  }

  /** Posts when ready; drops (returns false) before that. */
  post(message: HostMessage): boolean {
    if (!this.#ready) return false;
    if (message.type === 'notification' && (message.method === 'workflow/state' || message.method === 'workflow/edited'))
      this.#shownVersion = message.params.version;
    this.#port.postRaw(message);
    return true;
  }

  /**
   * Brings the panel to the document's current version (after any document change): only the
   * edits when they are the panel's own, confirmed, else the whole state. Drops before `ready`.
   */
  postDocument(): boolean {
    return this.post(this.#port.model.update(this.#shownVersion, this.#port.access()));
  }

  /** Entry point for every inbound message. Never throws. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      for (const error of parsed.errors) this.#port.log.warn(`webview message rejected: ${describeError(error)}`);
      return;
    }
    const message = parsed.value;
    try {
      if (message.type === 'command') await this.#command(message);
      else await this.#request(message);
    } catch (error) {
      this.#port.log.error(`handling ${message.method} failed: ${(error as Error).stack ?? String(error)}`);
      if (message.type === 'request')
        this.post(responseMessage(message.id, { error: structuredError('internal_error', (error as Error).message) }));
    }
  }

  async #command(message: CommandMessage): Promise<void> {
    const port = this.#port;
    if (message.method !== 'webview/ready' && !this.#ready) {
      port.log.warn(`${message.method} ignored: sent before webview/ready`);
      return;
    }
    switch (message.method) {
      case 'webview/ready': {
        this.#ready = true;
        // A webview showing the embedded state of the current version and access needs no second copy.
        const state = port.model.state(port.access());
        if (showsState(message.params.shown, state)) this.#shownVersion = state.version;
        else this.post(notificationMessage('workflow/state', state));
        const workflow = port.model.workflow();
        for (const nodeId of workflow ? dependencyEnvironmentNodeIds(workflow) : []) {
          const status = port.lastStatus(nodeId);
          if (status) this.post(notificationMessage('environment/status', { nodeId, status, ref: null }));
        }
        return;
      }
      case 'workflow/edits/apply': {
        const result = port.isOpen()
          ? await port.model.applyEdits(message.params.baseVersion, message.params.edits, port.access())
          : { ok: false as const, errors: [CLOSED] };
        if (!result.ok) {
          for (const error of result.errors)
            port.log.warn(`edit${message.params.label ? ` "${message.params.label}"` : ''} refused: ${describeError(error)}`);
          // Re-sync this panel with the document as it is.
          if (port.isOpen()) this.post(notificationMessage('workflow/state', port.model.state(port.access())));
        }
        return;
      }
      case 'workflow/resync':
        if (port.isOpen()) this.post(notificationMessage('workflow/state', port.model.state(port.access())));
        return;
      case 'run/cancel':
        port.log.info(`cancel requested from the editor: ${port.cancel(message.params.nodeId)} operation(s) aborted`);
        return;
      case 'output/show':
        port.log.show();
        return;
      case 'document/openAsText':
        await port.openAsText();
        return;
      case 'clipboard/copy':
        await port.copyToClipboard(message.params.text);
        return;
      case 'environment/action':
        await port.environmentAction(message.params.action, message.params.environmentKey);
        return;
    }
  }

  async #request(message: RequestMessage): Promise<void> {
    const port = this.#port;
    const reply = <M extends RequestMethod>(outcome: Parameters<typeof responseMessage<M>>[1]): void =>
      port.postRaw(responseMessage<M>(message.id, outcome));
    const fail = (error: StructuredError): void => reply({ error });
    // Exactly one reply per request: the webview is evidently listening, so answer even now.
    if (!this.#ready) return fail(NOT_READY);
    if (!port.isOpen()) return fail(CLOSED);
    const workflow = port.model.workflow();
    const invalid = structuredError('invalid_workflow', 'the document is not a valid workflow');
    switch (message.method) {
      case 'environment/ensure': {
        if (!workflow) return fail(invalid);
        const result = await port.ensureNode(workflow, message.params.nodeId);
        return result.ok
          ? reply<'environment/ensure'>({ result: { state: result.state } })
          : fail(result.errors[0] ?? structuredError('internal_error', 'ensure failed'));
      }
      case 'workflow/run': {
        if (!workflow) return fail(invalid);
        const result = await port.runWorkflow(workflow, message.params.nodeId);
        return 'errors' in result
          ? fail(result.errors[0] ?? structuredError('internal_error', 'run failed'))
          : reply<'workflow/run'>({ result: { ok: result.ok } });
      }
      case 'overrides/validate':
        return reply<'overrides/validate'>({
          result: { errors: port.validateOverride(message.params.patch.fields).map(toProtocolError) },
        });
      case 'library/list': {
        const library = await port.libraryModels();
        return library.ok
          ? reply<'library/list'>({ result: { models: library.models } })
          : fail(library.errors[0] ?? structuredError('invalid_model_library', 'cannot load the model library'));
      }
    }
  }
}
