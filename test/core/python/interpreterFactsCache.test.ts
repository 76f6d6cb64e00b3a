import { appendFile, chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingProcessRunner } from '../../../src/core/process/countingProcessRunner.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { InterpreterFactsCache } from '../../../src/core/python/interpreterFactsCache.js';
import { probeInterpreter } from '../../../src/core/python/interpreterProbe.js';
import { anyPython3 } from './realInterpreters.js';

let scratch: string;
let counter = 0;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'pantograph-facts-cache-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function setup(directory: string | null) {
  const runner = new CountingProcessRunner(new ExecaProcessRunner());
  const factsCache = new InterpreterFactsCache({ directory });
  return { runner, factsCache, env: process.env, platform: process.platform };
}

/** A fresh wrapper script that runs the real interpreter: an "interpreter" whose mtime and size a test may change. */
async function wrapperPython(): Promise<string> {
  const path = join(scratch, `python-wrapper-${counter++}`);
  await writeFile(path, `#!/bin/sh\nexec "${anyPython3()}" "$@"\n`);
  await chmod(path, 0o755);
  return path;
}

function freshDir(): string {
  return join(scratch, `cache-${counter++}`);
}

describe('InterpreterFactsCache', () => {
  it('answers a second probe of the same interpreter without starting a process', async () => {
    const ctx = setup(null);
    const python = anyPython3();
    const first = await probeInterpreter(ctx, python);
    const second = await probeInterpreter(ctx, python);
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    expect(ctx.runner.count).toBe(1);
  });

  it('lets another cache on the same directory (another process) reuse the facts with zero processes', async () => {
    const directory = freshDir();
    const python = await wrapperPython();
    const first = setup(directory);
    expect((await probeInterpreter(first, python)).ok).toBe(true);
    const second = setup(directory);
    const again = await probeInterpreter(second, python);
    expect(again.ok && again.value.executable).toBe(python);
    expect(second.runner.count).toBe(0);
  });

  it("probes again after the interpreter's mtime changes", async () => {
    const ctx = setup(freshDir());
    const python = await wrapperPython();
    await probeInterpreter(ctx, python);
    const later = new Date(Date.now() + 60_000);
    await utimes(python, later, later);
    await probeInterpreter(ctx, python);
    expect(ctx.runner.count).toBe(2);
    await probeInterpreter(ctx, python);
    expect(ctx.runner.count).toBe(2);
  });

  it("probes again after the interpreter's size changes with the same mtime", async () => {
    const ctx = setup(null);
    const python = await wrapperPython();
    await probeInterpreter(ctx, python);
    const before = await stat(python);
    await appendFile(python, '# upgraded\n');
    await utimes(python, before.atime, before.mtime);
    await probeInterpreter(ctx, python);
    expect(ctx.runner.count).toBe(2);
  });

  it('treats a corrupt cache file as empty and replaces it with a valid one', async () => {
    const directory = freshDir();
    const ctx = setup(directory);
    await mkdir(directory, { recursive: true });
    await writeFile(
      join(directory, 'interpreters.json'),
      '{"version": 1, "entries": {"/x": {"mtimeMs": "no"}}, trailing garbage',
    );
    const python = await wrapperPython();
    expect((await probeInterpreter(ctx, python)).ok).toBe(true);
    expect(ctx.runner.count).toBe(1);
    const written = JSON.parse(await readFile(join(directory, 'interpreters.json'), 'utf8')) as {
      entries: Record<string, unknown>;
    };
    expect(Object.keys(written.entries)).toContain(python);
  });

  it('drops entries whose facts do not validate and keeps the rest', async () => {
    const directory = freshDir();
    const python = await wrapperPython();
    const seed = setup(directory);
    await probeInterpreter(seed, python);
    const file = join(directory, 'interpreters.json');
    const content = JSON.parse(await readFile(file, 'utf8')) as { entries: Record<string, unknown> };
    content.entries['/bogus/python'] = { mtimeMs: 1, size: 2, facts: { version: 3 } };
    await writeFile(file, JSON.stringify(content));
    const reader = setup(directory);
    expect(await reader.factsCache.get('/bogus/python')).toBeUndefined();
    expect((await reader.factsCache.get(python))?.executable).toBe(python);
  });

  it('leaves no temporary files behind after persisting', async () => {
    const directory = freshDir();
    const ctx = setup(directory);
    await probeInterpreter(ctx, await wrapperPython());
    await probeInterpreter(ctx, await wrapperPython());
    expect(await readdir(directory)).toEqual(['interpreters.json']);
  });

  it('forgets an interpreter that no longer exists', async () => {
    const ctx = setup(null);
    const python = await wrapperPython();
    await probeInterpreter(ctx, python);
    await rm(python);
    expect(await ctx.factsCache.get(python)).toBeUndefined();
  });
});
