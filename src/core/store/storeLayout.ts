/**
 * Where the environment store lives and how it is laid out on disk. Pure: no I/O, no process
 * globals read implicitly (the caller passes `env`, `platform`, `homeDir`), so every platform's
 * resolution is testable on any machine.
 */
import path from 'node:path';
import { PantographError, fail, ok, structuredError } from '../errors/structuredError.js';
import type { Result } from '../errors/structuredError.js';

/** Inputs of {@link resolveDataDir}. */
export interface DataDirInputs {
  /** The process environment (only `PANTOGRAPH_DATA_DIR`, `XDG_DATA_HOME`, `LOCALAPPDATA` are read). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The `pantograph.dataDir` setting or a `--data-dir` option; empty/undefined means unset. */
  readonly explicit?: string | undefined;
  /** `process.platform`-style name: `linux`, `darwin`, `win32`, … (others are treated like Linux). */
  readonly platform: string;
  /** The user's home directory (`os.homedir()`). */
  readonly homeDir: string;
}

/** The application folder name under the platform's data directory. */
export const DATA_DIR_NAME = 'pantograph';

function nonEmpty(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Resolves the data directory. Precedence: `PANTOGRAPH_DATA_DIR` → `explicit` → platform default
 * (Linux/other: `$XDG_DATA_HOME/pantograph`, else `~/.local/share/pantograph`; macOS:
 * `~/Library/Application Support/pantograph`; Windows: `%LOCALAPPDATA%\pantograph`, else
 * `~\AppData\Local\pantograph`). A relative `XDG_DATA_HOME` is ignored, as the XDG spec says.
 * In `PANTOGRAPH_DATA_DIR` and `explicit`, a leading `~` means `homeDir` and a relative path is
 * resolved against `homeDir`. Pure and deterministic (given an absolute `homeDir`); paths use the
 * target platform's separator.
 *
 * @example resolveDataDir({ env: {}, platform: 'linux', homeDir: '/home/a' }) // '/home/a/.local/share/pantograph'
 */
export function resolveDataDir(inputs: DataDirInputs): string {
  const { env, explicit, platform, homeDir } = inputs;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const userPath = (value: string): string =>
    p.resolve(
      homeDir,
      value.trim().replace(/^~(?=$|[\\/])/, () => homeDir),
    );
  const fromEnv = env['PANTOGRAPH_DATA_DIR'];
  if (nonEmpty(fromEnv)) return userPath(fromEnv);
  if (nonEmpty(explicit)) return userPath(explicit);
  if (platform === 'win32') {
    const local = env['LOCALAPPDATA'];
    return nonEmpty(local) ? p.join(local, DATA_DIR_NAME) : p.join(homeDir, 'AppData', 'Local', DATA_DIR_NAME);
  }
  if (platform === 'darwin') return p.join(homeDir, 'Library', 'Application Support', DATA_DIR_NAME);
  const xdg = env['XDG_DATA_HOME'];
  if (nonEmpty(xdg) && p.isAbsolute(xdg)) return p.join(xdg, DATA_DIR_NAME);
  return p.join(homeDir, '.local', 'share', DATA_DIR_NAME);
}

/** A valid environment key: exactly 20 lowercase hex characters (the short sha256 prefix). */
export const ENVIRONMENT_KEY_PATTERN = /^[0-9a-f]{20}$/;

/**
 * Checks that `key` is a 20-character lowercase hex environment key. Anything else — including
 * values with `/`, `\` or `..` — fails with `invalid_environment_key` before any path is built.
 */
export function validateEnvironmentKey(key: unknown): Result<string> {
  if (typeof key === 'string' && ENVIRONMENT_KEY_PATTERN.test(key)) return ok(key);
  const shown = typeof key === 'string' ? JSON.stringify(key.slice(0, 64)) : typeof key;
  return fail(
    structuredError('invalid_environment_key', `environment key ${shown} is not 20 lowercase hex characters`, [
      'environment_key',
    ]),
  );
}

/** Paths of one environment inside the store. All absolute. */
export interface EnvironmentPaths {
  readonly key: string;
  /** `envs/python/<key>/` — the environment itself (venv files) and its metadata. */
  readonly envDir: string;
  /** `envs/python/<key>/manifest.json` — the commit record. */
  readonly manifestPath: string;
  /** `envs/python/<key>/last_used` — empty marker whose mtime is the last reuse time. */
  readonly lastUsedPath: string;
  /** `locks/<key>.lock` — proper-lockfile's lock directory for this key. */
  readonly lockPath: string;
}

/** The store's top-level folders plus a per-key path builder. */
export interface StoreLayout {
  readonly dataDir: string;
  /** `envs/python/` — one folder per environment key. */
  readonly envsDir: string;
  /** `locks/` — one `<key>.lock` directory per held lock. */
  readonly locksDir: string;
  /** `tmp/` — scratch space; contents older than a threshold are removed by `cleanOrphans`. */
  readonly tmpDir: string;
  /** `cache/` — caches (interpreter facts, downloads); never part of an environment. */
  readonly cacheDir: string;
  /**
   * Paths for `key`. Throws a `PantographError` (`invalid_environment_key`) for an invalid key,
   * so no path is ever built from an unchecked value.
   */
  paths(key: string): EnvironmentPaths;
}

/** Name of the manifest file inside an environment folder. */
export const MANIFEST_FILE = 'manifest.json';
/** Name of the last-used marker inside an environment folder. */
export const LAST_USED_FILE = 'last_used';

/** Builds the {@link StoreLayout} for an absolute `dataDir`. Pure. */
export function storeLayout(dataDir: string): StoreLayout {
  const root = path.resolve(dataDir);
  const envsDir = path.join(root, 'envs', 'python');
  const locksDir = path.join(root, 'locks');
  return {
    dataDir: root,
    envsDir,
    locksDir,
    tmpDir: path.join(root, 'tmp'),
    cacheDir: path.join(root, 'cache'),
    paths(key: string): EnvironmentPaths {
      const checked = validateEnvironmentKey(key);
      if (!checked.ok) throw new PantographError(checked.errors);
      const envDir = path.join(envsDir, key);
      return {
        key,
        envDir,
        manifestPath: path.join(envDir, MANIFEST_FILE),
        lastUsedPath: path.join(envDir, LAST_USED_FILE),
        lockPath: path.join(locksDir, `${key}.lock`),
      };
    },
  };
}
