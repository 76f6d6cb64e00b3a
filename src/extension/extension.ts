/**
 * The extension entry point: `activate` only wires the feature areas together (each registers
 * itself and returns a disposable kept in `context.subscriptions`); `deactivate` aborts in-flight
 * ensures and runs.
 */
import * as vscode from 'vscode';
import { EnsureController } from './environments/ensureController.js';
import { registerEnvironmentCommands } from './environments/environmentCommands.js';
import { registerEnvironmentUseCommands } from './python/environmentUseCommands.js';
import { EnvironmentHost } from './environmentHost.js';
import { EnvironmentsTreeProvider } from './environments/environmentsTree.js';
import { OperationRegistry } from './operations.js';
import { ProgressStatusBar } from './progress/progressStatusBar.js';
import { PythonIntegration } from './python/pythonIntegration.js';
import { RunController } from './run/runController.js';
import { RunHistoryTreeProvider } from './run/runHistoryTree.js';
import { runOutputDir } from '../core/nodes/runOutputs.js';
import { readSettings } from './settings.js';
import { registerWorkflowCommands } from './editor/workflowCommands.js';
import { WorkflowEditorProvider } from './editor/workflowEditorProvider.js';
import { WorkflowSessions } from './editor/workflowSessions.js';

let operations: OperationRegistry | undefined;
let hostRef: EnvironmentHost | undefined;

/** Activates Pantograph: output channel, environment host, editor, tree, commands, settings listener. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Pantograph', { log: true });
  const host = new EnvironmentHost({
    settings: () => readSettings((key) => vscode.workspace.getConfiguration('pantograph').get(key)),
    extensionRoot: context.extensionUri.fsPath,
    log,
  });
  operations = new OperationRegistry();
  const registry = operations;
  const statusBar = new ProgressStatusBar();
  const sessions = new WorkflowSessions();
  const tree = EnvironmentsTreeProvider.register(host, log);
  const python = new PythonIntegration(host, log);
  const ensure = new EnsureController({
    host,
    log,
    operations: registry,
    statusBar,
    sessions,
    environmentsChanged: () => tree.provider.refresh(),
  });
  const history = RunHistoryTreeProvider.register(
    (uri) => runOutputDir(uri.scheme === 'file' ? uri.fsPath : null, host.dataDir),
    log,
  );
  const run = new RunController({
    host,
    log,
    operations: registry,
    statusBar,
    sessions,
    ensure,
    historyChanged: history.changed,
  });

  context.subscriptions.push(
    log,
    statusBar,
    tree.disposable,
    history.disposable,
    WorkflowEditorProvider.register(context, { sessions, log, host, operations: registry, ensure, run }),
    registerWorkflowCommands({ context, log, sessions, operations: registry, ensure, run }),
    registerEnvironmentCommands({ host, log, tree: tree.provider }),
    registerEnvironmentUseCommands({
      host,
      log,
      python,
      createdBy: `pantograph ${String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0')}`,
    }),
    python,
    tree.provider.onDidChangeTreeData(() => python.storeChanged()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('pantograph')) return;
      log.info('settings changed');
      if (event.affectsConfiguration('pantograph.dataDir')) host.refreshDataDir();
    }),
    { dispose: () => registry.cancel() },
    { dispose: () => void host.dispose() },
  );
  python.start();
  hostRef = host;
  log.info(
    `Pantograph activated in ${(performance.now() - started).toFixed(1)} ms (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'not trusted: read-only'})`,
  );
}

/** Aborts every in-flight ensure and run and kills the warm workers; disposables go with `context.subscriptions`. */
export async function deactivate(): Promise<void> {
  operations?.cancel();
  operations = undefined;
  await hostRef?.dispose();
  hostRef = undefined;
}
