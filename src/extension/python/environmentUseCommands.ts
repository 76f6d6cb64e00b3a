/**
 * Using a stored environment outside the graph: Open Terminal in Environment (a terminal whose
 * environment has the env's bin first on PATH and VIRTUAL_ENV set — no text is typed into it),
 * Export Lock File… (pylock.toml or hashed requirements.txt, save dialog), Use as Workspace
 * Interpreter (see pythonIntegration.ts). Each takes a tree item, an environment key (from the
 * editor's Dependency Environment node) or nothing (a quick pick of ready environments).
 */
import * as vscode from 'vscode';
import { activationChanges, environmentTerminalName } from '../../core/interop/activation.js';
import { exportLock, LOCK_FILE_NAMES } from '../../core/interop/exportLock.js';
import type { LockFormat } from '../../core/interop/exportLock.js';
import type { EnvironmentSummary } from '../../core/store/environmentStore.js';
import { validateEnvironmentKey } from '../../core/store/storeLayout.js';
import type { EnvironmentHost } from '../environmentHost.js';
import { environmentItems, shortEnvId } from '../environments/environmentTreeModel.js';
import { EnvironmentTreeItem } from '../environments/environmentsTree.js';
import type { PythonIntegration } from './pythonIntegration.js';

/** What these commands need. */
export interface EnvironmentUseDeps {
  readonly host: EnvironmentHost;
  readonly log: vscode.LogOutputChannel;
  readonly python: PythonIntegration;
  /** `created-by` of exported locks, e.g. `pantograph 0.4.0`. */
  readonly createdBy: string;
}

/** A ready environment: the tree item's, the one with key `arg`, else one picked from the ready ones. */
export async function pickReadyEnvironment(
  host: EnvironmentHost,
  arg: unknown,
  title: string,
): Promise<EnvironmentSummary | undefined> {
  const ready = (s: EnvironmentSummary): boolean => s.state === 'ready' && s.pythonExecutable !== null;
  let summary: EnvironmentSummary | undefined;
  if (arg instanceof EnvironmentTreeItem) summary = arg.model.summary;
  else if (typeof arg === 'string' && validateEnvironmentKey(arg).ok) summary = await host.current.store.summarize(arg);
  else {
    const items = environmentItems((await host.current.service.list()).filter(ready), new Date());
    if (items.length === 0) {
      void vscode.window.showInformationMessage(
        'Pantograph: no ready environments yet. Ensure a Dependency Environment node first.',
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      items.map((i) => ({
        label: i.label,
        description: i.description,
        detail: i.summary.pythonExecutable ?? i.summary.envDir,
        model: i,
      })),
      { title, placeHolder: 'Choose a ready environment' },
    );
    return picked?.model.summary;
  }
  if (!ready(summary)) {
    void vscode.window.showWarningMessage(`Pantograph: environment ${summary.key} is ${summary.state}, not ready.`);
    return undefined;
  }
  return summary;
}

/** Opens a terminal in `env`: PATH/VIRTUAL_ENV set through `TerminalOptions.env`, nothing sent to the shell. */
export function openEnvironmentTerminal(env: EnvironmentSummary): vscode.Terminal {
  const changes = activationChanges({
    envDir: env.envDir,
    pythonExecutable: env.pythonExecutable!,
    environmentKind: env.environmentKind,
    parentEnv: process.env,
    platform: process.platform,
  });
  const variables: Record<string, string | null> = { ...changes.set };
  for (const name of changes.unset) variables[name] = null;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const terminal = vscode.window.createTerminal({
    name: environmentTerminalName(shortEnvId(env.envId), env.key),
    env: variables,
    iconPath: new vscode.ThemeIcon('terminal'),
    ...(folder ? { cwd: folder } : {}),
  });
  terminal.show();
  return terminal;
}

async function exportLockFile(deps: EnvironmentUseDeps, env: EnvironmentSummary): Promise<void> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'pylock.toml', description: 'PEP 751 lock file', format: 'pylock' as LockFormat },
      {
        label: 'requirements.txt',
        description: 'pip install --no-deps --require-hashes -r',
        format: 'requirements' as LockFormat,
      },
    ],
    { title: `Export environment ${env.key}` },
  );
  if (!choice) return;
  const read = await deps.host.current.store.readManifest(env.key);
  if (!read.ready) {
    void vscode.window.showWarningMessage(`Pantograph: environment ${env.key} is not ready (${read.message}).`);
    return;
  }
  const text = exportLock(read.manifest, choice.format, deps.createdBy);
  if (!text.ok) {
    void vscode.window.showWarningMessage(
      `Pantograph: cannot export ${env.key}: ${text.errors[0]?.message ?? 'unknown error'}${text.errors[0]?.hint ? ` ${text.errors[0].hint}` : ''}`,
    );
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: `Export ${LOCK_FILE_NAMES[choice.format]}`,
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, LOCK_FILE_NAMES[choice.format]) } : {}),
    filters: choice.format === 'pylock' ? { 'PEP 751 lock': ['toml'] } : { Requirements: ['txt'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, Buffer.from(text.value, 'utf8'));
  deps.log.info(`exported environment ${env.key} as ${choice.format} to ${target.toString()}`);
  const open = await vscode.window.showInformationMessage(
    `Pantograph: wrote ${vscode.workspace.asRelativePath(target)} (${read.manifest.resolved_packages?.length ?? 0} packages).`,
    'Open',
  );
  if (open === 'Open') await vscode.window.showTextDocument(target);
}

/** Registers the three commands. */
export function registerEnvironmentUseCommands(deps: EnvironmentUseDeps): vscode.Disposable {
  const { host, log } = deps;
  return vscode.Disposable.from(
    vscode.commands.registerCommand('pantograph.openTerminalInEnvironment', async (arg?: unknown) => {
      const env = await pickReadyEnvironment(host, arg, 'Open Terminal in Environment');
      if (!env) return;
      openEnvironmentTerminal(env);
      log.info(`opened a terminal in environment ${env.key}`);
    }),
    vscode.commands.registerCommand('pantograph.exportLockFile', async (arg?: unknown) => {
      const env = await pickReadyEnvironment(host, arg, 'Export Lock File');
      if (env) await exportLockFile(deps, env);
    }),
    vscode.commands.registerCommand('pantograph.useAsWorkspaceInterpreter', async (arg?: unknown) => {
      const env = await pickReadyEnvironment(host, arg, 'Use as Workspace Interpreter');
      if (env) await deps.python.useAsWorkspaceInterpreter(env);
    }),
  );
}
