import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingProcessRunner } from '../../../src/core/process/countingProcessRunner.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { InterpreterFactsCache } from '../../../src/core/python/interpreterFactsCache.js';
import { parseProbeOutput, probeInterpreter } from '../../../src/core/python/interpreterProbe.js';
import type { ProbeContext } from '../../../src/core/python/interpreterProbe.js';
import { anyPython3, pyenvPython } from './realInterpreters.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pantograph-probe-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function context(env: Record<string, string | undefined> = process.env): ProbeContext & { runner: CountingProcessRunner } {
  return {
    runner: new CountingProcessRunner(new ExecaProcessRunner()),
    factsCache: new InterpreterFactsCache(),
    env,
    platform: process.platform,
  };
}

async function script(name: string, body: string): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, body);
  await chmod(path, 0o755);
  return path;
}

describe('probeInterpreter', () => {
  it('reports version, pip and prefixes of pyenv 3.11 from one process', async () => {
    const python = pyenvPython('3.11.7');
    expect(python, 'test precondition: pyenv 3.11.7').toBeDefined();
    const ctx = context();
    const result = await probeInterpreter(ctx, python!);
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        executable: python,
        version: '3.11.7',
        majorMinor: '3.11',
        implementation: 'cpython',
        pipVersion: '23.2.1',
        externallyManaged: false,
        markerEnvironment: expect.objectContaining({
          python_full_version: '3.11.7',
          python_version: '3.11',
          implementation_name: 'cpython',
          sys_platform: process.platform,
          os_name: 'posix',
        }),
        wheelTags: expect.objectContaining({
          sysconfigPlatform: expect.stringMatching(/^linux-/),
          is64bit: true,
          glibcVersion: expect.stringMatching(/^2\.\d+$/),
          pyVersionNodot: '311',
          debugBuild: false,
          freeThreaded: false,
        }),
      }),
    });
    if (result.ok) expect(result.value.prefix).toBe(result.value.basePrefix);
    expect(ctx.runner.count).toBe(1);
  });

  it("sees the PEP 668 marker of Debian's system Python", async () => {
    const result = await probeInterpreter(context(), '/usr/bin/python3');
    expect(result.ok && result.value.externallyManaged).toBe(true);
    expect(result.ok && result.value.version).toMatch(/^3\.11\.\d+$/);
  });

  it('reports Python 2.7 with its version instead of failing', async () => {
    const python = pyenvPython('2.7.18');
    expect(python, 'test precondition: pyenv 2.7.18').toBeDefined();
    const result = await probeInterpreter(context(), python!);
    expect(result.ok && result.value.version).toBe('2.7.18');
  });

  it('reports no pip and distinct prefixes inside a venv without pip', async () => {
    const venv = join(scratch, 'venv with space');
    const ctx = context();
    const made = await ctx.runner.run({
      file: anyPython3(),
      args: ['-m', 'venv', '--without-pip', venv],
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(made.exitCode).toBe(0);
    const result = await probeInterpreter(ctx, join(venv, 'bin', 'python'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.pipVersion).toBeNull();
    expect(result.value.prefix).not.toBe(result.value.basePrefix);
  });

  it("ignores PYTHONPATH of the parent, which could shadow the probe's imports", async () => {
    const evil = join(scratch, 'evil');
    await mkdir(evil, { recursive: true });
    await writeFile(join(evil, 'json.py'), 'raise SystemExit("shadowed json imported")\n');
    const result = await probeInterpreter(context({ ...process.env, PYTHONPATH: evil }), anyPython3());
    expect(result.ok).toBe(true);
  });

  it('rejects /bin/echo, which prints its arguments back', async () => {
    const result = await probeInterpreter(context(), '/bin/echo');
    expect(result.ok ? 'ok' : result.errors[0]?.code).toBe('invalid_python_executable');
  });

  it('rejects a bash script that exits non-zero', async () => {
    const path = await script('fake-python', '#!/bin/bash\necho "Python 3.12.0"\nexit 1\n');
    const result = await probeInterpreter(context(), path);
    expect(result.ok ? 'ok' : result.errors[0]?.code).toBe('invalid_python_executable');
  });

  it('rejects a script that forges a malformed probe answer', async () => {
    const path = await script(
      'forger',
      '#!/bin/bash\necho \'PANTOGRAPH_PROBE:{"version": "three"}\'\necho \'PANTOGRAPH_PROBE:not json\'\n',
    );
    const result = await probeInterpreter(context(), path);
    expect(result.ok ? 'ok' : result.errors[0]?.code).toBe('invalid_python_executable');
  });

  it('rejects missing files, directories and relative paths without starting a process', async () => {
    const ctx = context();
    const missing = await probeInterpreter(ctx, join(scratch, 'nope', 'python3'));
    const directory = await probeInterpreter(ctx, scratch);
    const relative = await probeInterpreter(ctx, 'python3');
    expect([missing, directory, relative].map((r) => (r.ok ? 'ok' : r.errors[0]?.code))).toEqual([
      'invalid_python_executable',
      'invalid_python_executable',
      'path_not_absolute',
    ]);
    expect(ctx.runner.count).toBe(0);
  });

  it('returns cancelled for an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await probeInterpreter(context(), anyPython3(), controller.signal);
    expect(result.ok ? 'ok' : result.errors[0]?.code).toBe('cancelled');
  });
});

describe('parseProbeOutput', () => {
  const answer = {
    version: '3.12.1',
    majorMinor: '3.12',
    implementation: 'cpython',
    pipVersion: null,
    externallyManaged: false,
    prefix: '/p',
    basePrefix: '/p',
    markerEnvironment: { python_full_version: '3.12.1', sys_platform: 'linux' },
    wheelTags: {
      sysconfigPlatform: 'linux-x86_64',
      is64bit: true,
      glibcVersion: '2.36',
      pyVersionNodot: '312',
      debugBuild: false,
      freeThreaded: false,
      manylinuxOverride: false,
    },
  };

  it('takes the last marked line and ignores other output', () => {
    const stdout = `hello from sitecustomize\nPANTOGRAPH_PROBE:${JSON.stringify(answer)}\n`;
    expect(parseProbeOutput('/x/python', stdout)).toEqual({ ok: true, value: { ...answer, executable: '/x/python' } });
  });

  it('rejects an answer whose version and majorMinor disagree', () => {
    const stdout = `PANTOGRAPH_PROBE:${JSON.stringify({ ...answer, majorMinor: '3.11' })}\n`;
    expect(parseProbeOutput('/x/python', stdout).ok).toBe(false);
  });

  it('rejects an answer without a marker environment (an older probe cached it): the interpreter is probed again', () => {
    const { markerEnvironment: _dropped, ...older } = answer;
    expect(parseProbeOutput('/x/python', `PANTOGRAPH_PROBE:${JSON.stringify(older)}\n`).ok).toBe(false);
    const numeric = { ...answer, markerEnvironment: { python_version: 3.12 } };
    expect(parseProbeOutput('/x/python', `PANTOGRAPH_PROBE:${JSON.stringify(numeric)}\n`).ok).toBe(false);
  });

  it('rejects an answer without wheel tag facts (cached before they were probed): the interpreter is probed again', () => {
    const { wheelTags: _dropped, ...older } = answer;
    expect(parseProbeOutput('/x/python', `PANTOGRAPH_PROBE:${JSON.stringify(older)}\n`).ok).toBe(false);
    const partial = { ...answer, wheelTags: { ...answer.wheelTags, is64bit: 'yes' } };
    expect(parseProbeOutput('/x/python', `PANTOGRAPH_PROBE:${JSON.stringify(partial)}\n`).ok).toBe(false);
  });
});
