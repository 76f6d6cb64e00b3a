/**
 * The custom text editor for `.pantograph` files (`pantograph.workflowEditor`). The
 * `TextDocument` is the only source of truth: panels send intentions, edits become minimal
 * `WorkspaceEdit`s, and every document change pushes `workflow/state` to every panel of that
 * document.
 */
import * as vscode from 'vscode';
import { notificationMessage } from '../../core/protocol/envelope.js';
import { buildWebviewHtml, createNonce } from './webviewHtml.js';
import { editAccess } from './workflowSessions.js';
import { runOutputDir } from '../../core/nodes/runOutputs.js';
import { PanelDispatcher } from './panelDispatcher.js';
import { vscodePanelPort } from './vscodePanelPort.js';
import type { WorkflowPanelDeps } from './vscodePanelPort.js';

/** The view type declared in package.json. */
export const WORKFLOW_EDITOR_VIEW_TYPE = 'pantograph.workflowEditor';

/** See the module comment. */
export class WorkflowEditorProvider implements vscode.CustomTextEditorProvider {
  readonly #context: vscode.ExtensionContext;
  readonly #deps: WorkflowPanelDeps;

  private constructor(context: vscode.ExtensionContext, deps: WorkflowPanelDeps) {
    this.#context = context;
    this.#deps = deps;
  }

  /** Registers the provider plus the document-change and trust listeners that push state. */
  static register(context: vscode.ExtensionContext, deps: WorkflowPanelDeps): vscode.Disposable {
    const provider = new WorkflowEditorProvider(context, deps);
    return vscode.Disposable.from(
      vscode.window.registerCustomEditorProvider(WORKFLOW_EDITOR_VIEW_TYPE, provider, {
        supportsMultipleEditorsPerDocument: true,
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        const session = deps.sessions.get(event.document.uri);
        if (session) deps.sessions.pushState(session);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        deps.log.info('workspace trusted: workflows become editable');
        for (const session of deps.sessions.all()) deps.sessions.pushState(session);
      }),
    );
  }

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const started = performance.now();
    const session = this.#deps.sessions.open(document);
    const webviewRoot = vscode.Uri.joinPath(this.#context.extensionUri, 'dist', 'webview');
    const outputRoot = vscode.Uri.file(
      runOutputDir(document.uri.scheme === 'file' ? document.uri.fsPath : null, this.#deps.host.dataDir),
    );
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot, outputRoot] };
    panel.webview.html = buildWebviewHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'main.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'main.css')).toString(),
      title: document.uri.path.split('/').pop() ?? 'Pantograph workflow',
      initialState: notificationMessage('workflow/state', session.model.state(editAccess(document))),
    });
    const handle = new PanelDispatcher(vscodePanelPort(panel, session, this.#deps));
    session.panels.add(handle);
    const subscription = panel.webview.onDidReceiveMessage((raw: unknown) => void handle.receive(raw));
    panel.onDidDispose(() => {
      subscription.dispose();
      this.#deps.sessions.detach(session, handle);
    });
    this.#deps.log.debug(
      `editor opened for ${document.uri.toString()} (version ${document.version}) in ${(performance.now() - started).toFixed(1)} ms`,
    );
  }
}
