import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentStore } from '../../../src/core/store/environmentStore.js';
import {
  PantographEnvManager,
  REFUSED_CREATE,
  REFUSED_REMOVE,
  environmentInfo,
} from '../../../src/extension/python/pantographEnvManager.js';
import type {
  DidChangeEnvironmentsEventArg,
  EnvironmentManager,
  PythonEnvironment,
  PythonEnvironmentApi,
  PythonEnvironmentInfo,
  UriLike,
} from '../../../src/extension/python/pythonEnvsApi.js';
import { makeTempDir } from '../../support/wheelFixtures.js';

/** A test double of the Python Environments API: registers managers, builds items the way the extension does (id = `<ext>:<name>`), refuses unregistered managers. */
class FakePythonEnvsApi implements PythonEnvironmentApi {
  readonly managers = new Map<string, EnvironmentManager>();
  registerEnvironmentManager(manager: EnvironmentManager) {
    const id = `pantograph.pantograph-vscode:${manager.name}`;
    if (this.managers.has(id)) throw new Error(`manager ${id} already registered`);
    this.managers.set(id, manager);
    return { dispose: () => this.managers.delete(id) };
  }
  createPythonEnvironmentItem(info: PythonEnvironmentInfo, manager: EnvironmentManager): PythonEnvironment {
    const managerId = [...this.managers.entries()].find(([, m]) => m === manager)?.[0];
    if (!managerId) throw new Error('manager not registered');
    return { ...info, envId: { id: info.environmentPath.fsPath, managerId } };
  }
  async setEnvironment(): Promise<void> {}
}

const uri = (fsPath: string): UriLike => ({ fsPath });
let temp: { dir: string; cleanup: () => Promise<void> };
let store: EnvironmentStore;
const KEYS = ['aaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbb', 'cccccccccccccccccccc'];

async function writeEnv(key: string, state: 'ready' | 'failed', profile: string): Promise<void> {
  await store.writeManifest({
    manifest_version: 1,
    environment_key: key,
    state,
    environment_kind: 'python-venv',
    env_id: `python-venv:${profile}:1:none:linux-x86_64:none`,
    platform_key: 'linux-x86_64',
    python_executable: path.join(store.envDir(key), 'bin', 'python'),
    base_interpreter: { executable: '/usr/bin/python3', version: '3.12.4' },
    requirements_fingerprint: key.repeat(3),
    key_payload: '{}',
    effective_requirements: [
      { name: 'toy-app', version: '1.0.0' },
      { name: 'toy-lib', version: '2.0.0' },
    ],
    install: { installer: 'pip', installer_version: '24.0', started_at: '2026-01-01T00:00:00Z' },
    created_at: '2026-01-01T00:00:00Z',
    last_used_at: '2026-01-01T00:00:00Z',
  });
}

beforeAll(async () => {
  temp = await makeTempDir('env manager');
  store = new EnvironmentStore({ dataDir: temp.dir });
  await writeEnv(KEYS[0]!, 'ready', 'tts-runtime');
  await writeEnv(KEYS[1]!, 'failed', 'broken-runtime');
});
afterAll(async () => temp.cleanup());

function setup() {
  const api = new FakePythonEnvsApi();
  const notices: string[] = [];
  const manager = new PantographEnvManager({
    api,
    list: () => store.list(),
    uri,
    notify: (m) => notices.push(m),
    platform: 'linux',
  });
  api.registerEnvironmentManager(manager);
  const events: DidChangeEnvironmentsEventArg[][] = [];
  manager.onDidChangeEnvironments((e) => events.push(e));
  return { api, manager, notices, events };
}

describe('PantographEnvManager against a Python Environments API double', () => {
  it('lists only ready environments: name = profile, description = key, Python version and package count', async () => {
    const { manager } = setup();
    const envs = await manager.getEnvironments('all');
    expect(envs).toHaveLength(1);
    const env = envs[0]!;
    const envDir = store.envDir(KEYS[0]!);
    expect(env).toMatchObject({
      name: 'tts-runtime@1',
      version: '3.12.4',
      description: `${KEYS[0]} · Python 3.12.4 · 2 packages`,
      sysPrefix: envDir,
      displayPath: path.join(envDir, 'bin', 'python'),
      envId: { id: path.join(envDir, 'bin', 'python'), managerId: 'pantograph.pantograph-vscode:pantograph' },
      execInfo: { run: { executable: path.join(envDir, 'bin', 'python') } },
    });
    expect(env.execInfo.shellActivation?.get('bash')).toEqual([
      { executable: 'source', args: [path.join(envDir, 'bin', 'activate')] },
    ]);
  });

  it('resolves the python, the folder or a file inside an environment to it, and nothing else', async () => {
    const { manager } = setup();
    const envDir = store.envDir(KEYS[0]!);
    for (const p of [path.join(envDir, 'bin', 'python'), envDir, path.join(envDir, 'lib', 'python3.12', 'site-packages', 'x.py')])
      expect((await manager.resolve(uri(p)))?.name).toBe('tts-runtime@1');
    expect(await manager.resolve(uri(store.envDir(KEYS[1]!)))).toBeUndefined();
    expect(await manager.resolve(uri(`${envDir}-other/bin/python`))).toBeUndefined();
    expect(await manager.resolve(uri('/usr/bin/python3'))).toBeUndefined();
  });

  it('refresh fires add and remove events for what changed in the store', async () => {
    const { manager, events } = setup();
    await manager.getEnvironments('all');
    await writeEnv(KEYS[2]!, 'ready', 'new-runtime');
    await manager.refresh(undefined);
    expect(events.map((batch) => batch.map((e) => `${e.kind} ${e.environment.name}`))).toEqual([
      ['add tts-runtime@1'],
      ['add new-runtime@1'],
    ]);
    await store.remove(KEYS[2]!);
    await manager.refresh(undefined);
    expect(events.at(-1)?.map((e) => `${e.kind} ${e.environment.name}`)).toEqual(['remove new-runtime@1']);
    await manager.refresh(undefined);
    expect(events).toHaveLength(3);
  });

  it('remembers the selection per scope, falls back to the global one, and reports changes', async () => {
    const { manager } = setup();
    const [env] = await manager.getEnvironments('all');
    const changes: string[] = [];
    manager.onDidChangeEnvironment((e) =>
      changes.push(`${e.uri?.fsPath ?? 'global'}: ${e.old?.name ?? '-'} -> ${e.new?.name ?? '-'}`),
    );
    await manager.set(uri('/work/project'), env);
    expect(await manager.get(uri('/work/project'))).toBe(env);
    expect(await manager.get(uri('/work/other'))).toBeUndefined();
    await manager.set(undefined, env);
    expect(await manager.get(uri('/work/other'))).toBe(env);
    await manager.set(uri('/work/project'), undefined);
    expect(changes).toEqual([
      '/work/project: - -> tts-runtime@1',
      'global: - -> tts-runtime@1',
      '/work/project: tts-runtime@1 -> -',
    ]);
  });

  it('refuses create and remove with a message, changing nothing', async () => {
    const { manager, notices } = setup();
    const [env] = await manager.getEnvironments('all');
    expect(await manager.create()).toBeUndefined();
    await manager.remove();
    expect(notices).toEqual([REFUSED_CREATE, REFUSED_REMOVE]);
    expect(env).toBeDefined();
    expect(await store.keys()).toContain(KEYS[0]);
  });

  it('describes a python-kind environment without shell activation and with the interpreter prefix', () => {
    const info = environmentInfo(
      {
        key: KEYS[0]!,
        envDir: '/d/k',
        manifestPath: '/d/k/manifest.json',
        state: 'ready',
        problem: null,
        envId: null,
        environmentKind: 'python',
        pythonExecutable: '/opt/py/bin/python3',
        pythonVersion: '3.11.2',
        sizeBytes: null,
        createdAt: null,
        lastUsedAt: '2026-01-01T00:00:00.000Z',
        locked: false,
        packages: [],
      },
      uri,
      'linux',
    );
    expect(info).toMatchObject({ name: 'python', sysPrefix: '/opt/py', description: `${KEYS[0]} · Python 3.11.2 · 0 packages` });
    expect(info.execInfo.shellActivation).toBeUndefined();
  });
});
