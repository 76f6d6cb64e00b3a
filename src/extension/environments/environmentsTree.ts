/**
 * The `pantograph.environments` view: a "Package store" row (its total, measured in the
 * background by `PackageStoreMeter`, "measuring…" until known), then one item per environment
 * (from the store's summaries, shaped by `environmentTreeModel`), packages as children. Refreshes
 * on service events and `FileSystemWatcher`s on `<dataDir>/envs/python/<key>/manifest.json` and on
 * the package store's entries (`<dataDir>/store/{packages,wheels}/*`, which a CLI `envs gc` may
 * remove alone) — no polling; every refresh also re-measures the store.
 */
import * as vscode from 'vscode';
import { packageStoreLayout } from '../../core/packageStore/packageStoreLayout.js';
import { summarizePackageStore } from '../../core/packageStore/storeSummary.js';
import { environmentItems } from './environmentTreeModel.js';
import type { EnvironmentItemModel, IconDescription, PackageItemModel } from './environmentTreeModel.js';
import { PackageStoreMeter } from './packageStoreMeter.js';
import { packageStoreItem, showPackageStoreRow } from './packageStoreItemModel.js';
import type { PackageStoreItemModel } from './packageStoreItemModel.js';
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

/** The package store row. Commands receive it as their argument. */
export class PackageStoreTreeItem extends vscode.TreeItem {
  constructor(readonly model: PackageStoreItemModel) {
    super(model.label, vscode.TreeItemCollapsibleState.None);
    this.id = 'packageStore';
    this.description = model.description;
    this.tooltip = model.tooltip;
    this.iconPath = themeIcon(model.icon);
    this.contextValue = model.contextValue;
  }
}

type Item = PackageStoreTreeItem | EnvironmentTreeItem | PackageTreeItem;

/** See the module comment. */
export class EnvironmentsTreeProvider implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  readonly #host: EnvironmentHost;
  readonly #log: vscode.LogOutputChannel;
  readonly #changed = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.#changed.event;
  #watcher: vscode.Disposable | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #storeMeter: PackageStoreMeter;

  private constructor(host: EnvironmentHost, log: vscode.LogOutputChannel) {
    this.#host = host;
    this.#log = log;
    const layout = (): ReturnType<typeof packageStoreLayout> => packageStoreLayout(host.current.store.layout.dataDir);
    this.#storeMeter = new PackageStoreMeter({
      storeDir: () => layout().storeDir,
      measure: () => {
        const started = performance.now();
        return summarizePackageStore(host.current.store, layout()).then((result) => {
          if (result.ok)
            log.debug(
              `package store measured in ${(performance.now() - started).toFixed(0)} ms: ${result.value.totalBytes} bytes, ${result.value.files} files`,
            );
          else log.warn(result.errors[0]?.message ?? 'the package store could not be measured');
          return result;
        });
      },
      onDidMeasure: () => this.#changed.fire(undefined),
    });
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
    this.#storeMeter.invalidate();
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
    // The store's state now (measuring… until known); the measurement itself runs in the background.
    const storeState = this.#storeMeter.state();
    let environments: EnvironmentTreeItem[] = [];
    try {
      const summaries = await this.#host.current.service.list();
      environments = environmentItems(summaries, new Date()).map((m) => new EnvironmentTreeItem(m));
    } catch (error) {
      this.#log.error(`listing environments failed: ${(error as Error).message}`);
    }
    return showPackageStoreRow(storeState, environments.length)
      ? [new PackageStoreTreeItem(packageStoreItem(storeState)), ...environments]
      : environments;
  }

  /**
   * Watches environments (folders and manifests) and the package store's entries (`packages/*`,
   * `wheels/*`): a CLI `envs gc` that only removes store entries changes the store's row too.
   */
  #watch(): void {
    this.#watcher?.dispose();
    const onChange = (): void => this.refresh();
    const watch = (dir: string, glob: string): vscode.Disposable => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), glob));
      return vscode.Disposable.from(
        watcher,
        watcher.onDidCreate(onChange),
        watcher.onDidChange(onChange),
        watcher.onDidDelete(onChange),
      );
    };
    const { envsDir, dataDir } = this.#host.current.store.layout;
    this.#watcher = vscode.Disposable.from(
      watch(envsDir, '{*,*/manifest.json}'),
      watch(packageStoreLayout(dataDir).storeDir, '{packages,wheels}/*'),
    );
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#watcher?.dispose();
    this.#changed.dispose();
  }
}
