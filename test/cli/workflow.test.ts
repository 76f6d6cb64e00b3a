import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, repoRoot, runInProcess, tempDir } from './cliHarness.js';

describe('pantograph run / ensure on workflow files, doctor and usage errors (in-process)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('workflow'));
    dataDir = path.join(dir, 'data');
  });
  afterAll(async () => cleanup());

  it('exits 2 listing every syntax error of a malformed workflow as file:line:column code message', async () => {
    const file = path.join(dir, 'broken.pantograph');
    await writeFile(
      file,
      '{\n  "version": 1,\n  "metadata": { "name": "x", },\n  "graph": { "nodes": [ 1 2 ], "edges": [] }\n}\n',
    );
    const run = await runInProcess(['--data-dir', dataDir, 'run', file]);
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith(`${file}:`));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(/:3:\d+ invalid_json /);
    expect(lines.some((l) => /:4:\d+ invalid_json /.test(l))).toBe(true);
    expect(run.stderr).toMatch(/^error: workflow .+ is invalid \(\d+ errors\)$/m);
    expect(run.stderr).toMatch(/^hint: /m);
    expect(run.stdout).toBe('');
  });

  it('exits 2 listing every graph error at once, located in the file', async () => {
    const demo = JSON.parse(await readFile(path.join(repoRoot, 'examples', 'demo.pantograph'), 'utf8')) as {
      graph: { nodes: { node_type: string }[]; edges: { target: string }[] };
    };
    demo.graph.nodes[0]!.node_type = 'no-such-type';
    demo.graph.edges[0]!.target = 'nowhere';
    const file = path.join(dir, 'graph errors.pantograph');
    await writeFile(file, JSON.stringify(demo, null, 2));
    const run = await runInProcess(['--data-dir', dataDir, '--json', 'run', file], { cwd: dir });
    expect(run.code).toBe(2);
    const located = run.stderr.split('\n').filter((l) => l.startsWith('graph errors.pantograph:'));
    expect(located.some((l) => / unknown_node_type /.test(l))).toBe(true);
    expect(located.some((l) => / dangling_edge /.test(l))).toBe(true);
    const json = jsonOf<{ ok: boolean; exit_code: number; errors: { code: string }[] }>(run);
    expect(json).toMatchObject({ ok: false, exit_code: 2 });
    expect(json.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['unknown_node_type', 'dangling_edge']));
  });

  it('ensure <workflow> --mode manual runs only the environment node and its upstream, and exits 3 while the environment needs input', async () => {
    const run = await runInProcess([
      '--data-dir',
      dataDir,
      '--default-index',
      'none',
      '--json',
      'ensure',
      path.join(repoRoot, 'examples', 'demo.pantograph'),
      '--mode',
      'manual',
    ]);
    expect(run.code).toBe(3);
    const json = jsonOf<{
      nodes: Record<string, { status: string }>;
      environments: Record<string, { status: { state: string } }>;
    }>(run);
    expect(Object.keys(json.nodes).sort()).toEqual(['environment', 'model']);
    expect(json.environments.environment?.status.state).toBe('needs_user_input');
  });

  it('exits 2 for unknown options, nodes and override targets', async () => {
    expect((await runInProcess(['--no-such-option'])).code).toBe(2);
    const demo = path.join(repoRoot, 'examples', 'demo.pantograph');
    const unknownNode = await runInProcess(['--data-dir', dataDir, 'run', demo, '--node', 'ghost']);
    expect(unknownNode.code).toBe(2);
    expect(unknownNode.stderr).toContain('no node "ghost"');
    const badPair = await runInProcess(['--data-dir', dataDir, 'run', demo, '--override', 'environment']);
    expect(badPair.code).toBe(2);
    expect(badPair.stderr).toContain('is not node=patch.json');
  });

  it('doctor reports interpreters, the data dir, the store and the model library', async () => {
    const run = await runInProcess(['--data-dir', dataDir, '--default-index', 'none', '--json', 'doctor']);
    expect(run.code, run.stderr).toBe(0);
    const report = jsonOf<{
      data_dir: string;
      default_index_url: string | null;
      store: { environments: number; locks_held: number };
      interpreters: { ok: boolean; version?: string; pip_version?: string | null; externally_managed?: boolean }[];
      model_library: { ok: boolean; models: string[] };
    }>(run);
    expect(report.data_dir).toBe(dataDir);
    expect(report.default_index_url).toBeNull();
    expect(report.store).toMatchObject({ environments: 0, locks_held: 0 });
    expect(
      report.interpreters.some((i) => i.ok && /^3\.\d+\.\d+$/.test(i.version ?? '') && typeof i.externally_managed === 'boolean'),
    ).toBe(true);
    // The bundled library: every model folder under examples/model-library, sorted.
    expect(report.model_library).toMatchObject({ ok: true, models: ['demo-synth', 'tiny-torch'] });
    const human = await runInProcess(['--data-dir', dataDir, 'doctor']);
    expect(human.stdout).toMatch(/^interpreters\s+/m);
    expect(human.stdout).toContain('demo-synth');
  });

  it('resolves the data dir from PANTOGRAPH_DATA_DIR when --data-dir is absent, and the flag wins over it', async () => {
    const env = { ...process.env, PANTOGRAPH_DATA_DIR: path.join(dir, 'from env') };
    const fromEnv = jsonOf<{ data_dir: string }>(await runInProcess(['--json', 'envs', 'list'], { env }));
    expect(fromEnv.data_dir).toBe(path.join(dir, 'from env'));
    const fromFlag = jsonOf<{ data_dir: string }>(
      await runInProcess(['--json', '--data-dir', 'flag dir', 'envs', 'list'], { env, cwd: dir }),
    );
    expect(fromFlag.data_dir).toBe(path.join(dir, 'flag dir'));
  });
});
