/**
 * The common options of every command (`--data-dir`, `--default-index`, `--model-library`,
 * `--hf-cache`, `--hf-cache-dir`, `--python`, `--json`, `--quiet`), resolved once against the environment, plus the I/O a
 * command writes to. Commands receive a {@link CliContext}, so tests can run them in-process.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { createDefaultEnvironmentService } from '../core/environment/createDefaultEnvironmentService.js';
import type { DefaultEnvironmentService } from '../core/environment/createDefaultEnvironmentService.js';
import { bundledModelLibraryDir } from '../core/library/extensionRoot.js';
import { hfHubCacheDir } from '../core/library/hfCache.js';
import { resolveDataDir } from '../core/store/storeLayout.js';
import type { InstallerName } from '../core/provision/provisioner.js';

/** Where a command writes and what it runs under. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on Ctrl+C. */
  readonly signal: AbortSignal;
}

/** The common options as commander parses them. */
export interface GlobalOptions {
  readonly dataDir?: string;
  readonly defaultIndex?: string;
  readonly modelLibrary?: string;
  readonly hfCache?: boolean;
  readonly hfCacheDir?: string;
  readonly python?: string;
  /** `store` or `pip` (commander checks the choice). */
  readonly installer?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** The public index used when neither `--default-index` nor `PANTOGRAPH_DEFAULT_INDEX_URL` says otherwise. */
export const DEFAULT_INDEX_URL = 'https://pypi.org/simple';

/** Resolved options plus lazily built services. */
export interface CliContext {
  readonly io: CliIo;
  readonly dataDir: string;
  /** `null` = offline (`none`). */
  readonly defaultIndexUrl: string | null;
  readonly modelLibraryDir: string;
  /** The Hugging Face hub cache whose snapshots Puma-Lib also lists, or `null` (not asked for). */
  readonly hfCacheDir: string | null;
  /** Absolute path of the preferred base interpreter, or `null` to pick one. */
  readonly python: string | null;
  /** The installer of `python-venv` environments: `--installer`, else `PANTOGRAPH_INSTALLER`, else `store`. */
  readonly installer: InstallerName;
  readonly json: boolean;
  readonly quiet: boolean;
  /** The environment service over `dataDir` (built on first use, with `defaultIndexUrl` and `python` as settings). */
  services(overrides?: { defaultIndexUrl?: string | null }): DefaultEnvironmentService;
}

function text(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

/** Expands a leading `~` and resolves against `cwd` (command-line paths are relative to where you are). */
export function userPath(value: string, cwd: string): string {
  const expanded = value.replace(/^~(?=$|[\\/])/, () => homedir());
  return isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
}

/**
 * A bare program name (`python3.12`) is looked up on `PATH` like a shell would; a path is resolved
 * like {@link userPath}. A name not found on PATH is returned resolved against `cwd`, so the error
 * names what was tried.
 */
export function resolveExecutable(value: string, io: Pick<CliIo, 'env' | 'cwd'>): string {
  if (/[\\/]/.test(value) || value.startsWith('~')) return userPath(value, io.cwd);
  for (const dir of (io.env['PATH'] ?? '').split(delimiter).filter((d) => d !== '')) {
    const candidate = join(dir, value);
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return userPath(value, io.cwd);
}

/** `none` (any case) or empty → `null` (offline); anything else is the URL as given. */
export function parseIndexOption(value: string | undefined): string | null {
  const v = text(value);
  return v === undefined || v.toLowerCase() === 'none' ? null : v;
}

/**
 * Resolves the common options. Precedence per option: the flag, then its environment variable
 * (`PANTOGRAPH_DATA_DIR`, `PANTOGRAPH_DEFAULT_INDEX_URL`, `PANTOGRAPH_MODEL_LIBRARY`,
 * `PANTOGRAPH_HF_CACHE=1`), then the default (platform data dir, {@link DEFAULT_INDEX_URL}, the
 * bundled `examples/model-library`, no hub cache). `--hf-cache-dir <dir>` lists that cache;
 * `--hf-cache` the user's (`HF_HUB_CACHE`, else `HF_HOME/hub`, else `~/.cache/huggingface/hub`).
 */
export function createCliContext(options: GlobalOptions, io: CliIo): CliContext {
  const explicitDataDir = text(options.dataDir);
  const dataDir = explicitDataDir
    ? userPath(explicitDataDir, io.cwd)
    : resolveDataDir({ env: io.env, platform: process.platform, homeDir: homedir() });
  const indexSource =
    options.defaultIndex !== undefined ? options.defaultIndex : (io.env['PANTOGRAPH_DEFAULT_INDEX_URL'] ?? DEFAULT_INDEX_URL);
  const defaultIndexUrl = parseIndexOption(indexSource);
  const library = text(options.modelLibrary) ?? text(io.env['PANTOGRAPH_MODEL_LIBRARY']);
  const modelLibraryDir = library ? userPath(library, io.cwd) : bundledModelLibraryDir();
  const cacheDir = text(options.hfCacheDir);
  const cacheWanted = options.hfCache === true || /^(1|true|yes|on)$/i.test(io.env['PANTOGRAPH_HF_CACHE']?.trim() ?? '');
  const hfCacheDir = cacheDir ? userPath(cacheDir, io.cwd) : cacheWanted ? hfHubCacheDir(io.env) : null;
  const pythonOption = text(options.python);
  const python = pythonOption ? resolveExecutable(pythonOption, io) : null;
  const installerSource = text(options.installer) ?? text(io.env['PANTOGRAPH_INSTALLER']);
  const installer: InstallerName = installerSource === 'pip' ? 'pip' : 'store';
  const built = new Map<string, DefaultEnvironmentService>();
  return {
    io,
    dataDir,
    defaultIndexUrl,
    modelLibraryDir,
    hfCacheDir,
    python,
    installer,
    json: options.json === true,
    quiet: options.quiet === true,
    services(overrides = {}) {
      const index = overrides.defaultIndexUrl !== undefined ? overrides.defaultIndexUrl : defaultIndexUrl;
      const cacheKey = String(index);
      let services = built.get(cacheKey);
      if (!services) {
        services = createDefaultEnvironmentService({
          dataDir,
          env: io.env,
          settings: () => ({ defaultIndexUrl: index, defaultPythonPath: python, installer }),
        });
        built.set(cacheKey, services);
      }
      return services;
    },
  };
}
