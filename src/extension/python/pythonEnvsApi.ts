/**
 * The parts of two published extension APIs Pantograph uses, typed here from their documentation
 * (no npm dependency, no `extensionDependencies`): the Python Environments extension
 * (`ms-python.vscode-python-envs`, its `src/api.ts`: environment managers) and the Python
 * extension (`ms-python.python`, `@vscode/python-extension`: `environments.updateActiveEnvironmentPath`).
 * Structural types only (`UriLike`, `EventLike`), so the manager is testable without `vscode`;
 * a real `vscode.Uri` / `vscode.Event` satisfies them.
 */

/** The extension ids. */
export const PYTHON_ENVS_EXTENSION_ID = 'ms-python.vscode-python-envs';
export const PYTHON_EXTENSION_ID = 'ms-python.python';

/** What Pantograph reads of a `vscode.Uri`. */
export interface UriLike {
  readonly fsPath: string;
}

/** A `vscode.Event`. */
export type EventLike<T> = (listener: (event: T) => unknown) => { dispose(): unknown };

/** A `vscode.Disposable`. */
export interface DisposableLike {
  dispose(): unknown;
}

/** `{ executable, args? }`: how to run a command. */
export interface PythonCommandRunConfiguration {
  readonly executable: string;
  readonly args?: readonly string[];
}

/** How to run Python in, and activate, an environment. `shellActivation` keys: bash, zsh, sh, fish, pwsh, cmd, gitbash, …, `unknown` (fallback). */
export interface PythonEnvironmentExecutionInfo {
  readonly run: PythonCommandRunConfiguration;
  readonly activatedRun?: PythonCommandRunConfiguration;
  readonly activation?: readonly PythonCommandRunConfiguration[];
  readonly shellActivation?: Map<string, PythonCommandRunConfiguration[]>;
}

/** `PythonEnvironmentInfo`: what a manager describes. */
export interface PythonEnvironmentInfo {
  readonly name: string;
  readonly displayName: string;
  readonly shortDisplayName?: string;
  readonly displayPath: string;
  readonly version: string;
  /** The python binary or the environment folder. */
  readonly environmentPath: UriLike;
  readonly description?: string;
  readonly tooltip?: string;
  readonly execInfo: PythonEnvironmentExecutionInfo;
  /** `sys.prefix` (required: Pylance and Jupyter use it). */
  readonly sysPrefix: string;
  readonly group?: string;
  readonly error?: string;
}

/** A `PythonEnvironment`: the info plus the id the API assigns (`createPythonEnvironmentItem`). */
export interface PythonEnvironment extends PythonEnvironmentInfo {
  readonly envId: { readonly id: string; readonly managerId: string };
}

/** `{ kind: 'add' | 'remove', environment }`. */
export interface DidChangeEnvironmentsEventArg {
  readonly kind: 'add' | 'remove';
  readonly environment: PythonEnvironment;
}

/** `{ uri, old, new }` when a scope's selected environment changes. */
export interface DidChangeEnvironmentEventArgs {
  readonly uri: UriLike | undefined;
  readonly old: PythonEnvironment | undefined;
  readonly new: PythonEnvironment | undefined;
}

/** Scopes as the API passes them. */
export type GetEnvironmentsScope = UriLike | 'all' | 'global';
export type SetEnvironmentScope = undefined | UriLike | readonly UriLike[];
export type GetEnvironmentScope = undefined | UriLike;
export type CreateEnvironmentScope = UriLike | readonly UriLike[] | 'global';

/** `EnvironmentManager`: name is `[a-zA-Z0-9-_]`; the API's id becomes `<extension id>:<name>`. */
export interface EnvironmentManager {
  readonly name: string;
  readonly displayName?: string;
  readonly preferredPackageManagerId: string;
  readonly description?: string;
  readonly tooltip?: string;
  refresh(scope: UriLike | undefined): Promise<void>;
  getEnvironments(scope: GetEnvironmentsScope): Promise<PythonEnvironment[]>;
  set(scope: SetEnvironmentScope, environment?: PythonEnvironment): Promise<void>;
  get(scope: GetEnvironmentScope): Promise<PythonEnvironment | undefined>;
  resolve(context: UriLike): Promise<PythonEnvironment | undefined>;
  create?(scope: CreateEnvironmentScope, options?: unknown): Promise<PythonEnvironment | undefined>;
  remove?(environment: PythonEnvironment, options?: unknown): Promise<void>;
  readonly onDidChangeEnvironments?: EventLike<DidChangeEnvironmentsEventArg[]>;
  readonly onDidChangeEnvironment?: EventLike<DidChangeEnvironmentEventArgs>;
}

/** The exports of `ms-python.vscode-python-envs` that Pantograph calls. */
export interface PythonEnvironmentApi {
  registerEnvironmentManager(manager: EnvironmentManager, options?: { extensionId?: string }): DisposableLike;
  createPythonEnvironmentItem(info: PythonEnvironmentInfo, manager: EnvironmentManager): PythonEnvironment;
  setEnvironment(scope: SetEnvironmentScope, environment?: PythonEnvironment): Promise<void>;
}

/** The exports of `ms-python.python` that Pantograph calls (`@vscode/python-extension`'s `PythonExtension`). */
export interface PythonExtensionApi {
  readonly environments: {
    /** A python path or environment folder; written to the workspace folder's setting for `resource`. */
    updateActiveEnvironmentPath(environment: string, resource?: UriLike): Promise<void>;
  };
}
