/**
 * The `pantograph.runHistory` view: the last runs of the workflow in the active editor (else of
 * the workflow run last), newest first, from its `run-history.json` next to the run outputs. A run
 * opens its log; its children open the log, each output file, and reveal the outputs folder.
 * Refreshed when a run ends and when the active workflow editor changes.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { RunHistoryStore } from '../../core/runs/runHistoryStore.js';
import { runItems } from './runHistoryTreeModel.js';
import type { RunChildModel, RunItemModel } from './runHistoryTreeModel.js';
import type { IconDescription } from '../environments/environmentTreeModel.js';
import { WORKFLOW_EDITOR_VIEW_TYPE } from '../editor/workflowEditorProvider.js';

/** The command a child row runs on click. */
export const OPEN_RUN_ENTRY_COMMAND = 'pantograph.openRunEntry';

function themeIcon(icon: IconDescription): vscode.ThemeIcon {
  return icon.color ? new vscode.ThemeIcon(icon.id, new vscode.ThemeColor(icon.color)) : new vscode.ThemeIcon(icon.id);
}

/** One run row; clicking it opens its log. */
export class RunTreeItem extends vscode.TreeItem {
  constructor(readonly model: RunItemModel) {
    super(model.label, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `run:${model.id}`;
    this.description = model.description;
    this.tooltip = model.tooltip;
    this.iconPath = themeIcon(model.icon);
    this.contextValue = model.contextValue;
    const log = model.children.find((c) => c.kind === 'log');
    if (log) this.command = { command: OPEN_RUN_ENTRY_COMMAND, title: 'Open Run Log', arguments: [log] };
  }
}

/** A log, output file or outputs folder row. */
export class RunChildTreeItem extends vscode.TreeItem {
  constructor(
    runId: string,
    readonly model: RunChildModel,
  ) {
    super(model.label, vscode.TreeItemCollapsibleState.None);
    this.id = `run:${runId}:${model.kind}:${model.path}`;
    if (model.description !== undefined) this.description = model.description;
    this.tooltip = model.path;
    this.iconPath = themeIcon(model.icon);
    this.contextValue = `runEntry.${model.kind}`;
    this.command = { command: OPEN_RUN_ENTRY_COMMAND, title: 'Open', arguments: [model] };
  }
}

type Item = RunTreeItem | RunChildTreeItem;

function activeWorkflow(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === WORKFLOW_EDITOR_VIEW_TYPE ? input.uri : undefined;
}

/** See the module comment. */
export class RunHistoryTreeProvider implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  readonly #outputDirOf: (uri: vscode.Uri) => string;
  readonly #log: vscode.LogOutputChannel;
  readonly #changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.#changed.event;
  #workflow: vscode.Uri | undefined = activeWorkflow();
  #view: vscode.TreeView<Item> | undefined;

  private constructor(outputDirOf: (uri: vscode.Uri) => string, log: vscode.LogOutputChannel) {
    this.#outputDirOf = outputDirOf;
    this.#log = log;
  }

  /** Registers the view, its open command and the active-editor listener; `changed` is for the run controller. */
  static register(
    outputDirOf: (uri: vscode.Uri) => string,
    log: vscode.LogOutputChannel,
  ): { changed: (uri: vscode.Uri) => void; disposable: vscode.Disposable } {
    const provider = new RunHistoryTreeProvider(outputDirOf, log);
    const view = vscode.window.createTreeView('pantograph.runHistory', { treeDataProvider: provider });
    provider.#view = view;
    provider.#describe();
    const tabs = vscode.window.tabGroups.onDidChangeTabs(() => {
      const uri = activeWorkflow();
      if (uri && uri.toString() !== provider.#workflow?.toString()) provider.show(uri);
    });
    const open = vscode.commands.registerCommand(
      OPEN_RUN_ENTRY_COMMAND,
      (entry: RunChildModel | RunChildTreeItem | RunTreeItem) => provider.#open(entry),
    );
    const refresh = vscode.commands.registerCommand('pantograph.refreshRunHistory', () => provider.show(provider.#workflow));
    return { changed: (uri) => provider.show(uri), disposable: vscode.Disposable.from(view, provider, tabs, open, refresh) };
  }

  /** Shows the history of `uri` (re-read from disk). */
  show(uri: vscode.Uri | undefined): void {
    this.#workflow = uri;
    this.#describe();
    this.#changed.fire(undefined);
  }

  getTreeItem(element: Item): vscode.TreeItem {
    return element;
  }

  async getChildren(element?: Item): Promise<Item[]> {
    if (element instanceof RunTreeItem) return element.model.children.map((c) => new RunChildTreeItem(element.model.id, c));
    if (element || !this.#workflow) return [];
    const listed = await new RunHistoryStore(this.#outputDirOf(this.#workflow)).list();
    if (!listed.ok) {
      for (const error of listed.errors) this.#log.warn(`run history: ${error.message}`);
      return [];
    }
    return runItems(listed.value).map((m) => new RunTreeItem(m));
  }

  #describe(): void {
    if (this.#view) this.#view.description = this.#workflow ? basename(this.#workflow.path) : undefined;
  }

  async #open(entry: RunChildModel | RunChildTreeItem | RunTreeItem): Promise<void> {
    const model =
      entry instanceof RunTreeItem
        ? entry.model.children.find((c) => c.kind === 'log')
        : entry instanceof RunChildTreeItem
          ? entry.model
          : entry;
    if (!model) return;
    const uri = vscode.Uri.file(model.path);
    try {
      if (model.kind === 'folder') {
        if (vscode.workspace.getWorkspaceFolder(uri)) await vscode.commands.executeCommand('revealInExplorer', uri);
        else await vscode.commands.executeCommand('revealFileInOS', uri);
      } else if (model.kind === 'log') await vscode.window.showTextDocument(uri, { preview: true });
      else await vscode.commands.executeCommand('vscode.open', uri);
    } catch (error) {
      void vscode.window.showErrorMessage(`Pantograph: cannot open ${model.path}: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    this.#changed.dispose();
  }
}
