/**
 * VS Code's Python tooling, neither extension a dependency:
 * - with the Python Environments extension (`ms-python.vscode-python-envs`) active, registers the
 *   "Pantograph" environment manager (pantographEnvManager.ts) and refreshes it on store changes;
 *   registration is lazy — at activation only if that extension is already active, else on the
 *   first store change or Pantograph environment command after it activated — so Pantograph's
 *   activation does not wait for (or trigger) another extension;
 * - "Use as Workspace Interpreter": through the manager (`api.setEnvironment`), else through the
 *   Python extension's `environments.updateActiveEnvironmentPath`, else writes nothing and says
 *   what to install.
 */
import * as vscode from 'vscode';
import type { EnvironmentSummary } from '../../core/store/environmentStore.js';
import type { EnvironmentHost } from '../environmentHost.js';
import { PantographEnvManager } from './pantographEnvManager.js';
import { PYTHON_ENVS_EXTENSION_ID, PYTHON_EXTENSION_ID } from './pythonEnvsApi.js';
import type { PythonEnvironmentApi, PythonExtensionApi } from './pythonEnvsApi.js';

/** What to tell a user who has neither extension. */
export const INSTALL_PYTHON_TOOLING =
  'Pantograph: install the Python extension (ms-python.python) or Python Environments (ms-python.vscode-python-envs) to pick this environment as the interpreter. Nothing was changed; use Copy Python Path to set it by hand.';

/** See the module comment. */
export class PythonIntegration implements vscode.Disposable {
  readonly #host: EnvironmentHost;
  readonly #log: vscode.LogOutputChannel;
  #manager: PantographEnvManager | undefined;
  #api: PythonEnvironmentApi | undefined;
  #registration: { dispose(): unknown } | undefined;
  #failed = false;

  constructor(host: EnvironmentHost, log: vscode.LogOutputChannel) {
    this.#host = host;
    this.#log = log;
  }

  /** Registers the manager when Python Environments is already active; else does nothing (see {@link storeChanged}). Cheap. */
  start(): void {
    if (vscode.extensions.getExtension(PYTHON_ENVS_EXTENSION_ID)?.isActive) this.#register(false);
  }

  /** The store changed (tree watcher, an ensure finished): refresh the manager, or register it if the extension has activated since. */
  storeChanged(): void {
    if (this.#manager)
      void this.#manager
        .refresh(undefined)
        .catch((error: unknown) => this.#log.warn(`Python Environments refresh failed: ${(error as Error).message}`));
    else if (vscode.extensions.getExtension(PYTHON_ENVS_EXTENSION_ID)?.isActive) this.#register(false);
  }

  #register(activate: boolean): Promise<boolean> {
    if (this.#manager) return Promise.resolve(true);
    if (this.#failed) return Promise.resolve(false);
    const extension = vscode.extensions.getExtension<PythonEnvironmentApi | undefined>(PYTHON_ENVS_EXTENSION_ID);
    if (!extension || (!extension.isActive && !activate)) return Promise.resolve(false);
    return (async () => {
      try {
        const api = extension.isActive ? extension.exports : await extension.activate();
        if (!api || typeof api.registerEnvironmentManager !== 'function') {
          this.#failed = true;
          this.#log.info(
            'Python Environments is installed but exposes no API (python.useEnvironmentsExtension off?): not registering the Pantograph manager',
          );
          return false;
        }
        if (this.#manager) return true;
        const manager = new PantographEnvManager({
          api,
          list: () => this.#host.current.service.list(),
          uri: (fsPath) => vscode.Uri.file(fsPath),
          notify: (message) => void vscode.window.showInformationMessage(message),
          platform: process.platform,
        });
        this.#registration = api.registerEnvironmentManager(manager);
        this.#manager = manager;
        this.#api = api;
        this.#log.info('registered the Pantograph environment manager with Python Environments');
        return true;
      } catch (error) {
        this.#failed = true;
        this.#log.warn(`could not register with Python Environments: ${(error as Error).message}`);
        return false;
      }
    })();
  }

  /** Makes `env` the interpreter of the first workspace folder (see the module comment). */
  async useAsWorkspaceInterpreter(env: EnvironmentSummary): Promise<void> {
    const python = env.pythonExecutable!;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (await this.#register(true)) {
      const item = await this.#manager!.resolve(vscode.Uri.file(python));
      if (item) {
        await this.#api!.setEnvironment(folder, item);
        this.#log.info(`set ${python} as the environment of ${folder?.fsPath ?? 'the global scope'} through Python Environments`);
        void vscode.window.showInformationMessage(
          `Pantograph: ${item.displayName} is now the Python environment${folder ? ` of ${vscode.workspace.asRelativePath(folder)}` : ''}.`,
        );
        return;
      }
    }
    const pythonExtension = vscode.extensions.getExtension<PythonExtensionApi | undefined>(PYTHON_EXTENSION_ID);
    if (pythonExtension) {
      const api = pythonExtension.isActive ? pythonExtension.exports : await pythonExtension.activate();
      if (api?.environments && typeof api.environments.updateActiveEnvironmentPath === 'function') {
        await api.environments.updateActiveEnvironmentPath(python, folder);
        this.#log.info(`set ${python} as the active interpreter through the Python extension`);
        void vscode.window.showInformationMessage(`Pantograph: the workspace interpreter is now ${python}.`);
        return;
      }
    }
    this.#log.info(`no Python tooling to set ${python} as the interpreter; nothing written`);
    void vscode.window.showWarningMessage(INSTALL_PYTHON_TOOLING);
  }

  dispose(): void {
    this.#registration?.dispose();
  }
}
