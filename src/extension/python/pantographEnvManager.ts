/**
 * Pantograph's environment manager for the Python Environments extension: lists the ready stored
 * environments in the interpreter picker, resolves a path inside one to it, remembers the
 * selection per scope, fires add/remove events when the store changes (`refresh` is called from
 * the store watcher — no polling), and refuses create/remove with a message (environments come
 * from workflows and are removed from the Pantograph view). Pure: no `vscode` import; the API
 * object and the URI factory are injected, so tests run it against a test double of the API.
 */
import path from 'node:path';
import { environmentBinDir } from '../../core/interop/activation.js';
import type { EnvironmentSummary } from '../../core/store/environmentStore.js';
import { shortEnvId } from '../environments/environmentTreeModel.js';
import type {
  DidChangeEnvironmentEventArgs,
  DidChangeEnvironmentsEventArg,
  EnvironmentManager,
  EventLike,
  GetEnvironmentScope,
  GetEnvironmentsScope,
  PythonCommandRunConfiguration,
  PythonEnvironment,
  PythonEnvironmentApi,
  PythonEnvironmentInfo,
  SetEnvironmentScope,
  UriLike,
} from './pythonEnvsApi.js';

/** The manager's `name` (its id becomes `<our extension id>:pantograph`). */
export const PANTOGRAPH_MANAGER_NAME = 'pantograph';

/** What the manager is told when a request is refused. */
export const REFUSED_CREATE =
  'Pantograph environments are created by ensuring a Dependency Environment node of a workflow (or `pantograph ensure`), not from the Python Environments view.';
export const REFUSED_REMOVE =
  'Pantograph environments are removed from the Pantograph Environments view (Delete Environment) or with `pantograph envs rm`, which respects installs in progress.';

/** A minimal event emitter (an `EventLike` plus `fire`). */
class Emitter<T> {
  readonly #listeners = new Set<(event: T) => unknown>();
  readonly event: EventLike<T> = (listener) => {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  };
  fire(event: T): void {
    for (const listener of [...this.#listeners]) listener(event);
  }
}

/** Injected parts. */
export interface PantographEnvManagerDeps {
  readonly api: Pick<PythonEnvironmentApi, 'createPythonEnvironmentItem'>;
  /** The store's summaries (the service's `list()`). */
  list(): Promise<readonly EnvironmentSummary[]>;
  /** `vscode.Uri.file`. */
  uri(fsPath: string): UriLike;
  /** Shows a refusal to the user. */
  notify(message: string): void;
  readonly platform: string;
}

/** Shell activation commands of a venv (the built-in venv manager's shapes). Pure. */
export function venvShellActivation(envDir: string, platform: string): Map<string, PythonCommandRunConfiguration[]> {
  const bin = environmentBinDir(envDir, platform);
  const p = platform === 'win32' ? path.win32 : path.posix;
  const source = (file: string): PythonCommandRunConfiguration[] => [{ executable: 'source', args: [p.join(bin, file)] }];
  const map = new Map<string, PythonCommandRunConfiguration[]>([
    ['bash', source('activate')],
    ['zsh', source('activate')],
    ['sh', [{ executable: '.', args: [p.join(bin, 'activate')] }]],
    ['gitbash', source('activate')],
    ['fish', source('activate.fish')],
    ['pwsh', [{ executable: '&', args: [p.join(bin, 'Activate.ps1')] }]],
    ['cmd', [{ executable: p.join(bin, 'activate.bat') }]],
  ]);
  map.set('unknown', platform === 'win32' ? [{ executable: p.join(bin, 'activate.bat') }] : source('activate'));
  return map;
}

/** The picker entry of one ready environment. Pure (given `uri`). */
export function environmentInfo(
  summary: EnvironmentSummary,
  uri: (fsPath: string) => UriLike,
  platform: string,
): PythonEnvironmentInfo {
  const label = shortEnvId(summary.envId) ?? summary.environmentKind ?? 'environment';
  const python = summary.pythonExecutable ?? '';
  const version = summary.pythonVersion ?? 'unknown';
  // Every installed distribution when the manifest records them, else the pinned requirements.
  const count = summary.packageCount ?? summary.packages.length;
  const packages = `${count} package${count === 1 ? '' : 's'}`;
  const isVenv = summary.environmentKind !== 'python';
  return {
    name: label,
    displayName: `${label} (Pantograph ${summary.key.slice(0, 12)})`,
    shortDisplayName: label,
    displayPath: python,
    version,
    environmentPath: uri(python),
    description: `${summary.key} · Python ${version} · ${packages}`,
    tooltip: `Pantograph environment ${summary.key}\nPython ${version}: ${python}\n${packages}: ${summary.packages.map((p) => (p.version ? `${p.name}==${p.version}` : p.name)).join(', ')}\nFolder: ${summary.envDir}`,
    execInfo: {
      run: { executable: python },
      activatedRun: { executable: python },
      ...(isVenv ? { shellActivation: venvShellActivation(summary.envDir, platform) } : {}),
    },
    sysPrefix: isVenv ? summary.envDir : path.dirname(path.dirname(python)),
    group: 'Pantograph',
  };
}

/** Is `candidate` `dir` itself or inside it? */
function isInside(candidate: string, dir: string): boolean {
  const rel = path.relative(dir, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** See the module comment. */
export class PantographEnvManager implements EnvironmentManager {
  readonly name = PANTOGRAPH_MANAGER_NAME;
  readonly displayName = 'Pantograph';
  readonly preferredPackageManagerId = 'ms-python.python:pip';
  readonly description = 'Persistent, hash-keyed model environments built by Pantograph';
  readonly tooltip = 'Environments of Pantograph Dependency Environment nodes (read-only: built and removed by Pantograph)';
  readonly #deps: PantographEnvManagerDeps;
  readonly #changedAll = new Emitter<DidChangeEnvironmentsEventArg[]>();
  readonly #changedOne = new Emitter<DidChangeEnvironmentEventArgs>();
  readonly onDidChangeEnvironments = this.#changedAll.event;
  readonly onDidChangeEnvironment = this.#changedOne.event;
  /** Key → (summary, item); undefined until the first refresh. */
  #known: Map<string, { summary: EnvironmentSummary; item: PythonEnvironment }> | undefined;
  #refreshing: Promise<void> | undefined;
  /** Scope (folder path, or '' for global) → selected environment. */
  readonly #selected = new Map<string, PythonEnvironment>();

  constructor(deps: PantographEnvManagerDeps) {
    this.#deps = deps;
  }

  /** Re-reads the store and fires one `onDidChangeEnvironments` with what was added and removed. Concurrent calls share one read. */
  refresh(_scope?: UriLike): Promise<void> {
    this.#refreshing ??= this.#reload().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #reload(): Promise<void> {
    const ready = (await this.#deps.list()).filter((s) => s.state === 'ready' && s.pythonExecutable !== null);
    const previous = this.#known ?? new Map();
    const next = new Map<string, { summary: EnvironmentSummary; item: PythonEnvironment }>();
    const changes: DidChangeEnvironmentsEventArg[] = [];
    for (const summary of ready) {
      const old = previous.get(summary.key);
      const same =
        old &&
        old.summary.pythonExecutable === summary.pythonExecutable &&
        old.summary.packages.length === summary.packages.length &&
        old.summary.packageCount === summary.packageCount;
      const item = same
        ? old.item
        : this.#deps.api.createPythonEnvironmentItem(environmentInfo(summary, this.#deps.uri, this.#deps.platform), this);
      if (old && !same) changes.push({ kind: 'remove', environment: old.item });
      if (!same) changes.push({ kind: 'add', environment: item });
      next.set(summary.key, { summary, item });
    }
    for (const [key, old] of previous) if (!next.has(key)) changes.push({ kind: 'remove', environment: old.item });
    this.#known = next;
    for (const [scope, env] of this.#selected) {
      if (![...next.values()].some((e) => e.item === env)) this.#selected.delete(scope);
    }
    if (changes.length > 0) this.#changedAll.fire(changes);
  }

  async #items(): Promise<Map<string, { summary: EnvironmentSummary; item: PythonEnvironment }>> {
    if (!this.#known) await this.refresh();
    return this.#known ?? new Map();
  }

  /** Every ready environment, whatever the scope (they are global, not per project). */
  async getEnvironments(_scope: GetEnvironmentsScope): Promise<PythonEnvironment[]> {
    return [...(await this.#items()).values()].map((e) => e.item);
  }

  /** The environment whose folder holds `context` (its python, its folder, any file inside), else undefined. */
  async resolve(context: UriLike): Promise<PythonEnvironment | undefined> {
    const target = context.fsPath;
    for (const { summary, item } of (await this.#items()).values()) {
      if (isInside(target, summary.envDir) || target === summary.pythonExecutable) return item;
    }
    return undefined;
  }

  /** Remembers the selection per scope (in memory; the Python Environments extension persists its own). */
  async set(scope: SetEnvironmentScope, environment?: PythonEnvironment): Promise<void> {
    const scopes = scope === undefined ? [undefined] : Array.isArray(scope) ? (scope as readonly UriLike[]) : [scope as UriLike];
    for (const uri of scopes) {
      const id = uri?.fsPath ?? '';
      const old = this.#selected.get(id);
      if (environment) this.#selected.set(id, environment);
      else this.#selected.delete(id);
      if (old !== environment) this.#changedOne.fire({ uri, old, new: environment });
    }
  }

  /** The selection of `scope` (else the global one). */
  async get(scope: GetEnvironmentScope): Promise<PythonEnvironment | undefined> {
    return this.#selected.get(scope?.fsPath ?? '') ?? this.#selected.get('');
  }

  /** Refused: see {@link REFUSED_CREATE}. */
  async create(): Promise<PythonEnvironment | undefined> {
    this.#deps.notify(REFUSED_CREATE);
    return undefined;
  }

  /** Refused: see {@link REFUSED_REMOVE}. */
  async remove(): Promise<void> {
    this.#deps.notify(REFUSED_REMOVE);
  }
}
