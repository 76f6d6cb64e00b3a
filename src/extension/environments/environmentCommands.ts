/**
 * Commands on stored environments: refresh, open folder, reveal manifest, copy Python path,
 * verify (deep check), delete (modal confirm), collect unused (GC dry run → confirm → apply), show
 * output; and open the package store's folder.
 */
import * as vscode from 'vscode';
import { stat } from 'node:fs/promises';
import { packageStoreLayout } from '../../core/packageStore/packageStoreLayout.js';
import { deepCheckEnvironment } from '../../core/environment/deepCheck.js';
import type { EnvironmentSummary } from '../../core/store/environmentStore.js';
import type { EnvironmentHost } from '../environmentHost.js';
import { environmentItems, formatBytes } from './environmentTreeModel.js';
import { EnvironmentTreeItem, PackageStoreTreeItem } from './environmentsTree.js';
import type { EnvironmentsTreeProvider } from './environmentsTree.js';
import { gcOptions } from '../settings.js';
import { collectUnused } from './collectUnused.js';

/** What these commands need. */
export interface EnvironmentCommandDeps {
  readonly host: EnvironmentHost;
  readonly log: vscode.LogOutputChannel;
  readonly tree: EnvironmentsTreeProvider;
}

/** The environment a command acts on: the tree item it was invoked on, else a QuickPick. */
async function pickEnvironment(host: EnvironmentHost, arg: unknown, title: string): Promise<EnvironmentSummary | undefined> {
  if (arg instanceof EnvironmentTreeItem) return arg.model.summary;
  const items = environmentItems(await host.current.service.list(), new Date());
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Pantograph: no environments yet.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    items.map((i) => ({ label: i.label, description: i.description, detail: i.summary.envDir, model: i })),
    { title, placeHolder: 'Choose an environment' },
  );
  return picked?.model.summary;
}

/** Registers the environment commands. */
export function registerEnvironmentCommands(deps: EnvironmentCommandDeps): vscode.Disposable {
  const { host, log, tree } = deps;
  const register = (id: string, run: (arg?: unknown) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, run);
  return vscode.Disposable.from(
    register('pantograph.showOutput', () => log.show(true)),
    register('pantograph.refreshEnvironments', () => {
      host.refreshDataDir();
      tree.refresh();
    }),
    register('pantograph.openEnvironmentFolder', async (arg) => {
      const env = await pickEnvironment(host, arg, 'Open Environment Folder');
      if (!env) return;
      const choice = vscode.env.remoteName
        ? 'Open in New Window'
        : await vscode.window.showQuickPick(['Reveal in File Explorer', 'Open in New Window'], {
            title: `Environment ${env.key}`,
          });
      if (choice === 'Reveal in File Explorer')
        await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(env.manifestPath));
      else if (choice === 'Open in New Window')
        await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(env.envDir), { forceNewWindow: true });
    }),
    register('pantograph.openPackageStoreFolder', async (arg) => {
      const storeDir =
        arg instanceof PackageStoreTreeItem ? arg.model.storeDir : packageStoreLayout(host.current.store.layout.dataDir).storeDir;
      if (
        !(await stat(storeDir).then(
          (info) => info.isDirectory(),
          () => false,
        ))
      ) {
        void vscode.window.showInformationMessage(
          `Pantograph: the package store is empty (${storeDir} does not exist yet). Environments installed with the store installer create it.`,
        );
        return;
      }
      const choice = vscode.env.remoteName
        ? 'Open in New Window'
        : await vscode.window.showQuickPick(['Reveal in File Explorer', 'Open in New Window'], {
            title: `Package store ${storeDir}`,
          });
      if (choice === 'Reveal in File Explorer') await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(storeDir));
      else if (choice === 'Open in New Window')
        await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(storeDir), { forceNewWindow: true });
    }),
    register('pantograph.revealManifest', async (arg) => {
      const env = await pickEnvironment(host, arg, 'Reveal Manifest');
      if (env) await vscode.window.showTextDocument(vscode.Uri.file(env.manifestPath), { preview: true });
    }),
    register('pantograph.copyPythonPath', async (arg) => {
      const env = await pickEnvironment(host, arg, 'Copy Python Path');
      if (!env) return;
      if (!env.pythonExecutable) {
        void vscode.window.showWarningMessage(`Environment ${env.key} has no Python executable (state ${env.state}).`);
        return;
      }
      await vscode.env.clipboard.writeText(env.pythonExecutable);
      void vscode.window.setStatusBarMessage(`Copied ${env.pythonExecutable}`, 3000);
    }),
    register('pantograph.deleteEnvironment', async (arg) => {
      const env = await pickEnvironment(host, arg, 'Delete Environment');
      if (!env) return;
      const answer = await vscode.window.showWarningMessage(
        `Delete environment ${env.key}?`,
        { modal: true, detail: `${env.envDir}\nWorkflows using it will reinstall it on their next ensure.` },
        'Delete',
      );
      if (answer !== 'Delete') return;
      await host.stopWorkersIn(env.envDir);
      const outcome = await host.current.service.remove(env.key);
      if (outcome.removed) log.info(`deleted environment ${env.key}`);
      else
        void vscode.window.showWarningMessage(
          `Environment ${env.key} was not deleted: ${outcome.reason === 'locked' ? 'it is being installed or removed right now' : 'it no longer exists'}.`,
        );
      tree.refresh();
    }),
    register('pantograph.verifyEnvironment', async (arg) => {
      const env = await pickEnvironment(host, arg, 'Verify Environment');
      if (!env) return;
      const checked = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Verifying ${env.key} (re-hashing every file)…`,
          cancellable: true,
        },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return deepCheckEnvironment(host.current.store, env.key, { platform: process.platform, signal: abort.signal });
        },
      );
      if (!checked.ok) {
        void vscode.window.showWarningMessage(
          `Pantograph: could not verify ${env.key}: ${checked.errors[0]?.message ?? 'unknown error'}`,
        );
        return;
      }
      for (const change of checked.value.changed)
        log.warn(`${env.key}: changed (${change.reason}) ${change.distribution}: ${change.path}`);
      if (checked.value.ok)
        void vscode.window.showInformationMessage(
          `Pantograph: ${env.key} is intact (${checked.value.checkedFiles} files match their RECORDs).`,
        );
      else
        void vscode.window.showWarningMessage(
          `Pantograph: ${checked.value.changed.length} changed file(s) in ${env.key} (see Output). It is marked failed and rebuilt on the next ensure.`,
        );
      tree.refresh();
    }),
    register('pantograph.collectUnusedEnvironments', async () => {
      await collectUnused(
        {
          service: host.current.service,
          store: host.current.store,
          stopWorkersIn: (envDir) => host.stopWorkersIn(envDir, 'environment collected'),
          log: (message) => log.info(message),
        },
        gcOptions(host.settings, new Date()),
        {
          info: (message) => void vscode.window.showInformationMessage(message),
          pickEnvironments: async (plan) => {
            const picked = await vscode.window.showQuickPick(
              plan.remove.map((e) => ({
                label: e.key,
                description: e.sizeBytes === null ? e.state : `${e.state} · ${formatBytes(e.sizeBytes)}`,
                detail: e.reason,
                picked: true,
              })),
              {
                title: `Collect ${plan.remove.length} unused environment(s)?`,
                placeHolder: 'Untick any you want to keep, then press Enter (unused package store entries are removed too)',
                canPickMany: true,
              },
            );
            return picked?.map((p) => p.label);
          },
        },
      );
      tree.refresh();
    }),
  );
}
