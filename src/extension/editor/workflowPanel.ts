/**
 * One webview panel of a workflow document: adapts a `vscode.WebviewPanel` and the shared
 * controllers to the vscode-free {@link PanelDispatcher}, which holds the message logic.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { buildPumaLibOutputs } from '../../core/library/pumaLibOutputs.js';
import type { HostMessage } from '../../core/protocol/envelope.js';
import { nodePathProbe } from '../../core/validation/nodePathProbe.js';
import type { EnsureController } from '../environments/ensureController.js';
import type { EnvironmentHost } from '../environmentHost.js';
import type { OperationRegistry } from '../operations.js';
import { validateOverrideFields } from '../environments/overridePrompts.js';
import { PanelDispatcher } from './panelDispatcher.js';
import type { PanelPort } from './panelDispatcher.js';
import type { RunController } from '../run/runController.js';
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

/** See the module comment. */
export class WorkflowPanel implements WorkflowPanelHandle {
  readonly #panel: vscode.WebviewPanel;
  readonly #dispatcher: PanelDispatcher;

  constructor(panel: vscode.WebviewPanel, session: WorkflowSession, deps: WorkflowPanelDeps) {
    this.#panel = panel;
    this.#dispatcher = new PanelDispatcher(vscodePanelPort(panel, session, deps));
  }

  get webview(): vscode.Webview {
    return this.#panel.webview;
  }

  get ready(): boolean {
    return this.#dispatcher.ready;
  }

  post(message: HostMessage): boolean {
    return this.#dispatcher.post(message);
  }

  postDocument(): boolean {
    return this.#dispatcher.postDocument();
  }

  /** Entry point for `webview.onDidReceiveMessage`. Never throws. */
  receive(raw: unknown): Promise<void> {
    return this.#dispatcher.receive(raw);
  }
}

function vscodePanelPort(panel: vscode.WebviewPanel, session: WorkflowSession, deps: WorkflowPanelDeps): PanelPort {
  const { document, model } = session;
  return {
    model,
    isOpen: () => !document.isClosed && deps.sessions.get(document.uri) === session,
    access: () => editAccess(document),
    postRaw: (message) => void panel.webview.postMessage(message),
    log: {
      info: (m) => deps.log.info(m),
      warn: (m) => deps.log.warn(m),
      error: (m) => deps.log.error(m),
      show: () => deps.log.show(true),
    },
    lastStatus: (nodeId) => deps.ensure.lastStatus(document.uri, nodeId),
    ensureNode: async (workflow, nodeId) => {
      const result = await deps.ensure.ensureNode(document.uri, workflow, nodeId, { notify: true });
      return result.ok ? { ok: true, state: result.outcome.state } : result;
    },
    runWorkflow: (workflow, nodeId) => deps.run.run(document.uri, workflow, nodeId),
    cancel: (nodeId) => deps.operations.cancel({ documentUri: document.uri.toString(), ...(nodeId ? { nodeId } : {}) }),
    validateOverride: (fields) => validateOverrideFields(fields, nodePathProbe),
    libraryModels: async () => {
      // A relative `pantograph.modelLibraryPath` is resolved against the workflow's folder, as for ensure and run.
      const library = await deps.host.loadLibrary(document.uri.scheme === 'file' ? dirname(document.uri.fsPath) : undefined);
      if (!library.ok) return { ok: false, errors: library.errors };
      const platformKey = deps.host.current.platformKey;
      const models = library.value.models.map((m) => {
        // What the picker shows before a run: the bindings this model would emit on this platform.
        const outputs = buildPumaLibOutputs(m, { platformKey });
        return {
          model_id: m.model_id,
          display_name: m.unusable ? `${m.manifest.display_name} — unusable (${m.unusable.code})` : m.manifest.display_name,
          model_type: m.manifest.model_type,
          backend_key: outputs.backend_key,
          platform_key: platformKey,
          selected_binding_ids: [...outputs.selected_binding_ids],
          task: m.manifest.task_type_primary,
          source: m.hf?.source ?? 'manifest',
          ...(m.unusable ? { error: { code: m.unusable.code, message: m.unusable.message } } : {}),
        };
      });
      return { ok: true, models };
    },
    openAsText: async () => {
      await vscode.commands.executeCommand('vscode.openWith', document.uri, 'default');
    },
    copyToClipboard: async (text) => {
      await vscode.env.clipboard.writeText(text);
    },
    environmentAction: async (action, environmentKey) => {
      await vscode.commands.executeCommand(
        action === 'openTerminal' ? 'pantograph.openTerminalInEnvironment' : 'pantograph.exportLockFile',
        environmentKey,
      );
    },
  };
}
