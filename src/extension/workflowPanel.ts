/**
 * One webview panel of a workflow document: validates every message with
 * `parseWebviewMessage` (rejects are logged and dropped), posts nothing before `webview/ready`,
 * and turns the webview's intentions into edits, ensures, runs and replies.
 */
import * as vscode from 'vscode';
import { buildPumaLibOutputs } from '../core/library/pumaLibOutputs.js';
import { notificationMessage, parseWebviewMessage, responseMessage } from '../core/protocol/envelope.js';
import type { HostMessage, WebviewMessage } from '../core/protocol/envelope.js';
import type { RequestMethod } from '../core/protocol/editorProtocol.js';
import { structuredError } from '../core/errors/structuredError.js';
import type { StructuredError } from '../core/errors/structuredError.js';
import { nodePathProbe } from '../core/validation/nodePathProbe.js';
import { dependencyEnvironmentNodeIds } from './ensureRequest.js';
import { describeError } from './ensureMessages.js';
import type { EnsureController } from './ensureController.js';
import type { EnvironmentHost } from './environmentHost.js';
import type { OperationRegistry } from './operations.js';
import { validateOverrideFields } from './overridePrompts.js';
import type { RunController } from './runController.js';
import { toProtocolError } from './workflowDocumentModel.js';
import { editAccess } from './workflowSessions.js';
import type { WorkflowPanelHandle, WorkflowSession, WorkflowSessions } from './workflowSessions.js';

/** Shared services of every panel. */
export interface WorkflowPanelDeps {
  readonly sessions: WorkflowSessions;
  readonly log: vscode.LogOutputChannel;
  readonly host: EnvironmentHost;
  readonly operations: OperationRegistry;
  readonly ensure: EnsureController;
  readonly run: RunController;
}

type RequestMessage = Extract<WebviewMessage, { type: 'request' }>;

/** See the module comment. */
export class WorkflowPanel implements WorkflowPanelHandle {
  readonly #panel: vscode.WebviewPanel;
  readonly #session: WorkflowSession;
  readonly #deps: WorkflowPanelDeps;
  #ready = false;

  constructor(panel: vscode.WebviewPanel, session: WorkflowSession, deps: WorkflowPanelDeps) {
    this.#panel = panel;
    this.#session = session;
    this.#deps = deps;
  }

  get webview(): vscode.Webview {
    return this.#panel.webview;
  }

  get ready(): boolean {
    return this.#ready;
  }

  post(message: HostMessage): boolean {
    if (!this.#ready) return false;
    void this.#panel.webview.postMessage(message);
    return true;
  }

  /** Entry point for `webview.onDidReceiveMessage`. Never throws. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      for (const error of parsed.errors) this.#deps.log.warn(`webview message rejected: ${describeError(error)}`);
      return;
    }
    try {
      if (parsed.value.type === 'command') await this.#command(parsed.value);
      else await this.#request(parsed.value);
    } catch (error) {
      this.#deps.log.error(`handling ${parsed.value.method} failed: ${(error as Error).stack ?? String(error)}`);
      if (parsed.value.type === 'request') this.post(responseMessage(parsed.value.id, { error: structuredError('internal_error', (error as Error).message) }));
    }
  }

  async #command(message: Extract<WebviewMessage, { type: 'command' }>): Promise<void> {
    const { document, model } = this.#session;
    switch (message.method) {
      case 'webview/ready': {
        this.#ready = true;
        this.post(notificationMessage('workflow/state', model.state(editAccess(document))));
        const workflow = model.workflow();
        for (const nodeId of workflow ? dependencyEnvironmentNodeIds(workflow) : []) {
          const status = this.#deps.ensure.lastStatus(document.uri, nodeId);
          if (status) this.post(notificationMessage('environment/status', { nodeId, status, ref: null }));
        }
        return;
      }
      case 'workflow/edits/apply': {
        const result = await model.applyEdits(message.params.baseVersion, message.params.edits, editAccess(document));
        if (!result.ok) {
          for (const error of result.errors) this.#deps.log.warn(`edit${message.params.label ? ` "${message.params.label}"` : ''} refused: ${describeError(error)}`);
          // Re-sync this panel with the document as it is.
          this.post(notificationMessage('workflow/state', model.state(editAccess(document))));
        }
        return;
      }
      case 'run/cancel': {
        const count = this.#deps.operations.cancel({ documentUri: document.uri.toString(), ...(message.params.nodeId ? { nodeId: message.params.nodeId } : {}) });
        this.#deps.log.info(`cancel requested from the editor: ${count} operation(s) aborted`);
        return;
      }
      case 'output/show':
        this.#deps.log.show(true);
        return;
      case 'document/openAsText':
        await vscode.commands.executeCommand('vscode.openWith', document.uri, 'default');
        return;
      case 'clipboard/copy':
        await vscode.env.clipboard.writeText(message.params.text);
        return;
    }
  }

  async #request(message: RequestMessage): Promise<void> {
    const reply = <M extends RequestMethod>(outcome: Parameters<typeof responseMessage<M>>[1]): void => void this.post(responseMessage<M>(message.id, outcome));
    const fail = (error: StructuredError): void => reply({ error });
    const { document, model } = this.#session;
    const workflow = model.workflow();
    switch (message.method) {
      case 'environment/ensure': {
        if (!workflow) return fail(structuredError('invalid_workflow', 'the document is not a valid workflow'));
        const result = await this.#deps.ensure.ensureNode(document.uri, workflow, message.params.nodeId, { notify: true });
        return result.ok ? reply<'environment/ensure'>({ result: { state: result.outcome.state } }) : fail(result.errors[0] ?? structuredError('internal_error', 'ensure failed'));
      }
      case 'workflow/run': {
        if (!workflow) return fail(structuredError('invalid_workflow', 'the document is not a valid workflow'));
        const result = await this.#deps.run.run(document.uri, workflow, message.params.nodeId);
        return 'errors' in result ? fail(result.errors[0] ?? structuredError('internal_error', 'run failed')) : reply<'workflow/run'>({ result: { ok: result.ok } });
      }
      case 'overrides/validate': {
        const errors = validateOverrideFields(message.params.patch.fields, nodePathProbe);
        return reply<'overrides/validate'>({ result: { errors: errors.map(toProtocolError) } });
      }
      case 'library/list': {
        const library = await this.#deps.host.loadLibrary();
        if (!library.ok) return fail(library.errors[0] ?? structuredError('invalid_model_library', 'cannot load the model library'));
        const platformKey = this.#deps.host.current.platformKey;
        const models = library.value.models.map((m) => {
          // What the picker shows before a run: the bindings this model would emit on this platform.
          const outputs = buildPumaLibOutputs(m, { platformKey });
          return { model_id: m.model_id, display_name: m.manifest.display_name, model_type: m.manifest.model_type, backend_key: outputs.backend_key, platform_key: platformKey, selected_binding_ids: [...outputs.selected_binding_ids] };
        });
        return reply<'library/list'>({ result: { models } });
      }
    }
  }
}
