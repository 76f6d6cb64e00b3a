import { execFileSync } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeToyPayload } from '../support/toyPayload.js';
import { buildCli, jsonOf, runInProcess, spawnCli, tempDir, offlineEnsureArgs } from './cliHarness.js';

describe('pantograph envs python / envs shell (in-process, a real venv)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let dataDir: string;
  let key: string;
  let python: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('envs-use'));
    dataDir = path.join(dir, 'data');
    const toy = await writeToyPayload(dir);
    const ensured = await runInProcess(offlineEnsureArgs(dataDir, toy.payloadFile, toy.patchFile));
    expect(ensured.code, ensured.stderr).toBe(0);
    const ref = jsonOf<{ environment_ref: { environment_key: string; python_executable: string } }>(ensured).environment_ref;
    key = ref.environment_key;
    python = ref.python_executable;
  });
  afterAll(async () => cleanup());

  it('envs python prints the interpreter path (and JSON with the env folder)', async () => {
    const run = await runInProcess(['--data-dir', dataDir, 'envs', 'python', key]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${python}\n`);
    const json = jsonOf(await runInProcess(['--data-dir', dataDir, '--json', 'envs', 'python', key]));
    expect(json).toEqual({ environment_key: key, python_executable: python, env_dir: path.join(dataDir, 'envs', 'python', key) });
  });

  it('envs python refuses an invalid key (exit 2) and an unknown one (exit 1)', async () => {
    expect((await runInProcess(['--data-dir', dataDir, 'envs', 'python', '../etc'])).code).toBe(2);
    const unknown = await runInProcess(['--data-dir', dataDir, 'envs', 'python', 'ffffffffffffffffffff']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no ready environment ffffffffffffffffffff/);
  });

  it('envs shell starts $SHELL with the env first on PATH and VIRTUAL_ENV set; its python is the env', async () => {
    const out = path.join(dir, 'shell-out.txt');
    const fakeShell = path.join(dir, 'fake-shell.sh');
    await writeFile(
      fakeShell,
      '#!/bin/sh\n{ echo "$VIRTUAL_ENV"; command -v python; python -c "import sys; print(sys.prefix)"; } > "$SHELL_OUT"\nexit 0\n',
    );
    await chmod(fakeShell, 0o755);
    const run = await runInProcess(['--data-dir', dataDir, 'envs', 'shell', key], {
      env: { ...process.env, SHELL: fakeShell, SHELL_OUT: out, VIRTUAL_ENV: '/not/this/one' },
    });
    expect(run.code, run.stderr).toBe(0);
    const envDir = path.join(dataDir, 'envs', 'python', key);
    expect((await readFile(out, 'utf8')).trim().split('\n')).toEqual([envDir, path.join(envDir, 'bin', 'python'), envDir]);
  });

  it('envs shell exits 1 when the shell fails', async () => {
    const failing = path.join(dir, 'failing-shell.sh');
    await writeFile(failing, '#!/bin/sh\nexit 7\n');
    await chmod(failing, 0o755);
    expect(
      (await runInProcess(['--data-dir', dataDir, 'envs', 'shell', key], { env: { ...process.env, SHELL: failing } })).code,
    ).toBe(1);
  });

  it('envs shell leaves Ctrl+C to the shell: a SIGINT to pantograph does not end the shell (built CLI)', async () => {
    buildCli();
    const fifo = path.join(dir, 'go.fifo');
    execFileSync('mkfifo', [fifo]);
    const out = path.join(dir, 'sigint-out.txt');
    const fakeShell = path.join(dir, 'waiting-shell.sh');
    await writeFile(
      fakeShell,
      '#!/bin/sh\ntrap "" INT\necho "shell started" >&2\nread line < "$GO_FIFO"\necho "$line" > "$SHELL_OUT"\n',
    );
    await chmod(fakeShell, 0o755);
    let interrupted = false;
    const run = await spawnCli(['--data-dir', dataDir, 'envs', 'shell', key], {
      env: { ...process.env, SHELL: fakeShell, GO_FIFO: fifo, SHELL_OUT: out },
      onStderr: (text, child) => {
        if (interrupted || !text.includes('shell started')) return;
        interrupted = true;
        child.kill('SIGINT');
        child.kill('SIGINT');
        void writeFile(fifo, 'still here\n');
      },
    });
    expect(interrupted).toBe(true);
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toBe('still here\n');
    expect(run.stderr).not.toContain('cancelling');
  });
});
