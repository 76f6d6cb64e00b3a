/**
 * The open workflow documents and their panels: one {@link WorkflowDocumentModel} per
 * `TextDocument`, any number of panels each. Pushes state to every panel of a document.
 */
import * as vscode from 'vscode';
import type { HostMessage } from '../../core/protocol/envelope.js';
import { WorkflowDocumentModel } from './workflowDocumentModel.js';
import type { EditAccess, WorkflowTextDocument } from './workflowDocumentModel.js';
import type { TextReplacement } from './textDiff.js';

/** One webview panel showing a workflow document (its `PanelDispatcher`). */
export interface WorkflowPanelHandle {
  /** The URI the panel's webview loads the local file `fsPath` from. */
  webviewUri(fsPath: string): string;
  /** True once the webview sent `webview/ready`. */
  readonly ready: boolean;
  /** Posts when ready; drops (returns false) before that. */
  post(message: HostMessage): boolean;
  /** Brings the panel to the document's current version (`PanelDispatcher.postDocument`). */
  postDocument(): boolean;
}

/** An open workflow document. */
export interface WorkflowSession {
  readonly document: vscode.TextDocument;
  readonly model: WorkflowDocumentModel;
  readonly panels: Set<WorkflowPanelHandle>;
}

/** Adapts a `vscode.TextDocument` to {@link WorkflowTextDocument}. */
export function textDocumentAdapter(document: vscode.TextDocument): WorkflowTextDocument {
  return {
    get uri() {
      return document.uri.toString();
    },
    get version() {
      return document.version;
    },
    getText: () => document.getText(),
    replace: (replacements: readonly TextReplacement[]) => {
      const edit = new vscode.WorkspaceEdit();
      for (const r of replacements)
        edit.replace(document.uri, new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)), r.text);
      return vscode.workspace.applyEdit(edit);
    },
  };
}

/** Why edits are refused for `document`, if they are. */
export function editAccess(document: vscode.TextDocument): EditAccess {
  if (!vscode.workspace.isTrusted)
    return {
      readOnly: true,
      reason:
        'This workspace is not trusted: workflows open read-only and Pantograph installs and runs nothing. Trust the workspace to edit.',
    };
  if (vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false)
    return { readOnly: true, reason: `Files from ${document.uri.scheme}: are read-only.` };
  return { readOnly: false };
}

/** Registry of sessions by document URI. */
export class WorkflowSessions {
  readonly #sessions = new Map<string, WorkflowSession>();

  /** The session of `document`, created on first use. */
  open(document: vscode.TextDocument): WorkflowSession {
    const key = document.uri.toString();
    let session = this.#sessions.get(key);
    if (!session) {
      session = { document, model: new WorkflowDocumentModel(textDocumentAdapter(document)), panels: new Set() };
      this.#sessions.set(key, session);
    }
    return session;
  }

  /** The session for a URI, if open. */
  get(uri: vscode.Uri | string): WorkflowSession | undefined {
    return this.#sessions.get(typeof uri === 'string' ? uri : uri.toString());
  }

  /** Every open session. */
  all(): WorkflowSession[] {
    return [...this.#sessions.values()];
  }

  /** Drops a panel; the session goes when its last panel does. */
  detach(session: WorkflowSession, panel: WorkflowPanelHandle): void {
    session.panels.delete(panel);
    if (session.panels.size === 0) this.#sessions.delete(session.document.uri.toString());
  }

  /**
   * Brings every ready panel of the session to the document's current version: the panel whose
   * edit this version is gets the edits (`workflow/edited`), the others the whole state.
   */
  pushState(session: WorkflowSession): void {
    for (const panel of session.panels) panel.postDocument();
  }

  /** Posts a message built per panel (e.g. with a panel-specific webview URI) to every panel of `uri`. */
  broadcast(uri: vscode.Uri | string, build: (panel: WorkflowPanelHandle) => HostMessage | undefined): void {
    const session = this.get(uri);
    if (!session) return;
    for (const panel of session.panels) {
      const message = build(panel);
      if (message) panel.post(message);
    }
  }
}
