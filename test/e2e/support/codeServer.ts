/**
 * Starts a real code-server (VS Code 1.100 workbench served to a browser) for one journey:
 * a free loopback port, a fresh temp run folder holding everything it writes (user data,
 * extensions, XDG dirs, the Pantograph data dir), the built VSIX installed into it, started
 * detached in its own process group and stopped by killing that group.
 * Recipe: scripts/e2e/setup.sh (install) and this file (launch).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (two folders above test/e2e/support). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/** code-server installed by scripts/e2e/setup.sh. */
export const CODE_SERVER_BIN = join(REPO_ROOT, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server');
/** The VSIX built by `npm run package`. */
export const VSIX_PATH = join(REPO_ROOT, 'pantograph.vsix');

/** Inputs of {@link startCodeServer}. */
export interface CodeServerOptions {
  /** Journey name: prefixes the temp run folder. */
  readonly name: string;
  /** User settings written to `User/settings.json` (merged over `workbench.startupEditor: none`). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** When false, `--disable-workspace-trust` is dropped and the folder starts untrusted. Default true. */
  readonly trustAll?: boolean;
  /** Fills the workspace folder before the server starts. */
  readonly prepareWorkspace?: (workspace: string) => void;
  /** The VSIX to install (default {@link VSIX_PATH}). */
  readonly vsix?: string;
}

/** A running code-server. */
export interface CodeServer {
  readonly url: string;
  readonly port: number;
  /** Root of everything this run writes. */
  readonly runDir: string;
  /** The opened folder. */
  readonly workspace: string;
  readonly userDataDir: string;
  /** `PANTOGRAPH_DATA_DIR` given to the extension host. */
  readonly dataDir: string;
  /** code-server's stdout+stderr. */
  readonly logPath: string;
  /** Process id (and process group id) of the server. */
  readonly pid: number;
  /** The workbench URL with the workspace folder opened. */
  readonly folderUrl: string;
  /** Kills the process group; resolves once the server exited (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (bound then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function serverEnv(runDir: string, dataDir: string): NodeJS.ProcessEnv {
  const xdg = join(runDir, 'xdg');
  return {
    ...process.env,
    XDG_CONFIG_HOME: xdg,
    XDG_DATA_HOME: xdg,
    XDG_CACHE_HOME: join(xdg, 'cache'),
    PANTOGRAPH_DATA_DIR: dataDir,
    PANTOGRAPH_MODEL_LIBRARY: '',
  };
}

/** Polls `GET /healthz` until it answers 200, for at most `timeoutMs`. */
export async function waitForHealthz(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before /healthz answered`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`code-server /healthz did not answer within ${timeoutMs} ms (${lastError})`);
}

function installVsix(vsix: string, userDataDir: string, extensionsDir: string, env: NodeJS.ProcessEnv): void {
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first`);
  const result = spawnSync(
    CODE_SERVER_BIN,
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (result.status !== 0) throw new Error(`--install-extension failed (${result.status}): ${result.stdout}\n${result.stderr}`);
}

/** Starts code-server for one journey; see the module comment. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER_BIN)) throw new Error(`${CODE_SERVER_BIN} is missing: run bash scripts/e2e/setup.sh`);
  const runDir = mkdtempSync(join(tmpdir(), `pantograph-e2e-${options.name}-`));
  const workspace = join(runDir, 'workspace');
  const userDataDir = join(runDir, 'ud');
  const extensionsDir = join(runDir, 'exts');
  const dataDir = join(runDir, 'pantograph-data');
  for (const dir of [workspace, join(userDataDir, 'User'), extensionsDir, dataDir, join(runDir, 'xdg')])
    mkdirSync(dir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.startupPrompt': 'never',
    'extensions.autoUpdate': false,
    ...options.settings,
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  options.prepareWorkspace?.(workspace);

  const env = serverEnv(runDir, dataDir);
  installVsix(options.vsix ?? VSIX_PATH, userDataDir, extensionsDir, env);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logPath = join(runDir, 'code-server.log');
  const logFd = openSync(logPath, 'a');
  const args = [
    '--config',
    '/dev/null',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
  ];
  if (options.trustAll !== false) args.push('--disable-workspace-trust');
  args.push(workspace);
  const child = spawn(CODE_SERVER_BIN, args, { detached: true, stdio: ['ignore', logFd, logFd], env });
  closeSync(logFd);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const kill = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-pid, signal);
      } catch {
        /* already gone */
      }
    };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    kill('SIGKILL'); // stragglers left in the group (extension host children)
  };

  try {
    await waitForHealthz(url, child);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- code-server log ---\n${readTail(logPath)}`);
  }
  return {
    url,
    port,
    runDir,
    workspace,
    userDataDir,
    dataDir,
    logPath,
    pid,
    folderUrl: `${url}/?folder=${encodeURIComponent(workspace)}`,
    stop,
  };
}

/** The last `maxChars` characters of a text file ('' when missing). */
export function readTail(file: string, maxChars = 20_000): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  return text.length > maxChars ? text.slice(-maxChars) : text;
}

/** Every file under `dir` whose name matches `pattern` (recursive). */
export function findFiles(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...findFiles(full, pattern));
    else if (pattern.test(entry)) found.push(full);
  }
  return found;
}

/** The Pantograph output channel's log files written by the extension host (newest session last). */
export function pantographLogFiles(server: Pick<CodeServer, 'userDataDir'>): string[] {
  return findFiles(join(server.userDataDir, 'logs'), /Pantograph\.log$/).sort();
}

/** The concatenated Pantograph output channel log of this run. */
export function pantographLog(server: Pick<CodeServer, 'userDataDir'>): string {
  return pantographLogFiles(server)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}
