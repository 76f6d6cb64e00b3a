/**
 * Adapts a `vscode.WebviewPanel` and the shared controllers to the port of the vscode-free
 * `PanelDispatcher`, which holds the message logic and is the session's panel handle.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { buildPumaLibOutputs } from '../../core/library/pumaLibOutputs.js';
import { nodePathProbe } from '../../core/validation/nodePathProbe.js';
import type { EnsureController } from '../environments/ensureController.js';
import type { EnvironmentHost } from '../environmentHost.js';
import type { OperationRegistry } from '../operations.js';
import { validateOverrideFields } from '../environments/overridePrompts.js';
import type { PanelPort } from './panelDispatcher.js';
import type { RunController } from '../run/runController.js';
import { editAccess } from './workflowSessions.js';
import type { WorkflowSession, WorkflowSessions } from './workflowSessions.js';

/** Shared services of every panel. */
export interface WorkflowPanelDeps {
  readonly sessions: WorkflowSessions;
  readonly log: vscode.LogOutputChannel;
  readonly host: EnvironmentHost;
  readonly operations: OperationRegistry;
  readonly ensure: EnsureController;
  readonly run: RunController;
}

/**
 * The {@link PanelPort} of one `vscode.WebviewPanel` showing `session`'s document: posting, the
 * document's access, the shared controllers and the webview URIs of local files.
 */
export function vscodePanelPort(panel: vscode.WebviewPanel, session: WorkflowSession, deps: WorkflowPanelDeps): PanelPort {
  const { document, model } = session;
  return {
    model,
    isOpen: () => !document.isClosed && deps.sessions.get(document.uri) === session,
    access: () => editAccess(document),
    postRaw: (message) => void panel.webview.postMessage(message),
    webviewUri: (fsPath) => panel.webview.asWebviewUri(vscode.Uri.file(fsPath)).toString(),
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
