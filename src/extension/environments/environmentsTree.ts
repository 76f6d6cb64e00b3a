/**
 * The `pantograph.environments` view: one item per environment (from the store's summaries,
 * shaped by `environmentTreeModel`), packages as children. Refreshes on service events and a
 * `FileSystemWatcher` on `<dataDir>/envs/python/<key>/manifest.json` — no polling.
 */
import * as vscode from 'vscode';
import { environmentItems } from './environmentTreeModel.js';
import type { EnvironmentItemModel, IconDescription, PackageItemModel } from './environmentTreeModel.js';
import type { EnvironmentHost } from '../environmentHost.js';

function themeIcon(icon: IconDescription): vscode.ThemeIcon {
  return icon.color ? new vscode.ThemeIcon(icon.id, new vscode.ThemeColor(icon.color)) : new vscode.ThemeIcon(icon.id);
}

/** One environment row. Commands receive it as their argument. */
export class EnvironmentTreeItem extends vscode.TreeItem {
  constructor(readonly model: EnvironmentItemModel) {
    super(
      model.label,
      model.packages.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    this.id = `environment:${model.key}`;
    this.description = model.description;
    this.tooltip = model.tooltip;
    this.iconPath = themeIcon(model.icon);
    this.contextValue = model.contextValue;
    this.resourceUri = vscode.Uri.file(model.summary.envDir);
  }
}

/** One package row. */
export class PackageTreeItem extends vscode.TreeItem {
  constructor(parentKey: string, model: PackageItemModel) {
    super(model.label, vscode.TreeItemCollapsibleState.None);
    this.id = `package:${parentKey}:${model.label}`;
    this.description = model.description;
    this.iconPath = themeIcon(model.icon);
    this.contextValue = model.contextValue;
  }
}

type Item = EnvironmentTreeItem | PackageTreeItem;

/** See the module comment. */
export class EnvironmentsTreeProvider implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  readonly #host: EnvironmentHost;
  readonly #log: vscode.LogOutputChannel;
  readonly #changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.#changed.event;
  #watcher: vscode.Disposable | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  private constructor(host: EnvironmentHost, log: vscode.LogOutputChannel) {
    this.#host = host;
    this.#log = log;
    this.#watch();
  }

  /** Registers the view and its watcher; `refresh` is handed to whoever changes environments. */
  static register(
    host: EnvironmentHost,
    log: vscode.LogOutputChannel,
  ): { provider: EnvironmentsTreeProvider; disposable: vscode.Disposable } {
    const provider = new EnvironmentsTreeProvider(host, log);
    const unsubscribe = host.onDidChangeDataDir(() => {
      provider.#watch();
      provider.refresh();
    });
    const view = vscode.window.createTreeView('pantograph.environments', { treeDataProvider: provider, showCollapseAll: true });
    return { provider, disposable: vscode.Disposable.from(view, provider, { dispose: unsubscribe }) };
  }

  /** Re-reads the store soon (bursts of manifest writes coalesce into one refresh). */
  refresh(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#changed.fire(undefined);
    }, 150);
  }

  getTreeItem(element: Item): vscode.TreeItem {
    return element;
  }

  async getChildren(element?: Item): Promise<Item[]> {
    if (element instanceof EnvironmentTreeItem)
      return element.model.packages.map((p) => new PackageTreeItem(element.model.key, p));
    if (element) return [];
    try {
      const summaries = await this.#host.current.service.list();
      return environmentItems(summaries, new Date()).map((m) => new EnvironmentTreeItem(m));
    } catch (error) {
      this.#log.error(`listing environments failed: ${(error as Error).message}`);
      return [];
    }
  }

  #watch(): void {
    this.#watcher?.dispose();
    const envsDir = vscode.Uri.file(this.#host.current.store.layout.envsDir);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(envsDir, '{*,*/manifest.json}'));
    const onChange = (): void => this.refresh();
    this.#watcher = vscode.Disposable.from(
      watcher,
      watcher.onDidCreate(onChange),
      watcher.onDidChange(onChange),
      watcher.onDidDelete(onChange),
    );
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#watcher?.dispose();
    this.#changed.dispose();
  }
}
