/**
 * `pantograph demo`: the end-to-end demo, offline. Builds the demo model's wheel into
 * `<dataDir>/demo/wheels`, runs `examples/demo.pantograph` with the bundled model library, default
 * index `none` and the demo's machine-local `wheel_source_path` patches (`core/nodes/demoSetup.ts`,
 * shared with the extension; never written into the workflow), and reports the environment (installed or reused) and the WAV.
 */
import { join } from 'node:path';
import { bundledModelLibraryDir, findExtensionRoot } from '../../core/library/extensionRoot.js';
import { createDemoSetup } from '../../core/nodes/demoSetup.js';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import type { CliContext } from '../context.js';
import { userPath } from '../context.js';
import { CliError, EXIT_USAGE } from '../exitCodes.js';
import type { ExitCode } from '../exitCodes.js';
import { readWavInfo } from '../nodeSummary.js';
import { answer, formatDuration, printJson, say } from '../output.js';
import { loadWorkflow } from '../workflowFile.js';
import { runLoadedWorkflow } from '../workflowRunner.js';
import { runReportJson } from './run.js';
import { AUDIO_GENERATION_NODE, TEXT_INPUT_NODE } from '../../core/workflow/nodeTypes.js';

/** Options of `demo`. */
export interface DemoOptions {
  readonly outputDir?: string;
  readonly duration?: string;
  readonly prompt?: string;
}

/** Applies `--duration` / `--prompt` to the in-memory demo document (the file is never written). */
function tuneDemo(doc: WorkflowDocument, options: DemoOptions): WorkflowDocument {
  const duration = options.duration === undefined ? undefined : Number(options.duration);
  if (duration !== undefined && (!Number.isFinite(duration) || duration <= 0 || duration > 600))
    throw new CliError(EXIT_USAGE, `--duration must be a number of seconds in (0, 600], got ${JSON.stringify(options.duration)}`);
  const nodes = doc.graph.nodes.map((n) => {
    if (n.node_type === AUDIO_GENERATION_NODE && duration !== undefined) return { ...n, data: { ...n.data, duration } };
    if (n.node_type === TEXT_INPUT_NODE && options.prompt !== undefined)
      return { ...n, data: { ...n.data, text: options.prompt } };
    return n;
  });
  return { ...doc, graph: { ...doc.graph, nodes } };
}

/** Runs the demo. Returns the exit status of the run. */
export async function demoCommand(ctx: CliContext, options: DemoOptions): Promise<ExitCode> {
  const root = findExtensionRoot();
  const demo = createDemoSetup({ dataDir: ctx.dataDir });
  const wheelsDir = demo.wheelDir;
  const outputDir = options.outputDir ? userPath(options.outputDir, ctx.io.cwd) : join(ctx.dataDir, 'demo', 'outputs');
  const wheels = await demo.wheels();
  say(ctx, `demo wheel: ${wheels.join(', ')}`);
  const loaded = await loadWorkflow(join(root, 'examples', 'demo.pantograph'));
  const workflow = { ...loaded, doc: tuneDemo(loaded.doc, options) };
  const libraryDir = bundledModelLibraryDir(root);
  say(ctx, `running ${workflow.path} offline (default index none, wheels from ${wheelsDir})`);
  const report = await runLoadedWorkflow(ctx, {
    workflow,
    machineOverrides: demo.machineOverrides,
    outputDir,
    defaultIndexUrl: null,
    modelLibraryDir: libraryDir,
  });

  const [envNode, outcome] = Object.entries(report.environments)[0] ?? [];
  const audioNode = workflow.doc.graph.nodes.find((n) => n.node_type === AUDIO_GENERATION_NODE);
  const audioPath = audioNode ? report.result.outputs[audioNode.id]?.audio : undefined;
  const wav = typeof audioPath === 'string' ? await readWavInfo(audioPath) : undefined;
  printJson(ctx, {
    ...runReportJson(report, { workflow: workflow.path, output_dir: outputDir, wheels_dir: wheelsDir }),
    environment_key: outcome?.ref?.environment_key ?? null,
    environment_node: envNode ?? null,
    installed: outcome?.installed ?? false,
    reused: outcome?.reused ?? false,
    ensure_duration_ms: outcome?.durationMs ?? null,
    wav:
      wav && typeof audioPath === 'string'
        ? {
            path: audioPath,
            duration_seconds: wav.durationSeconds,
            sample_rate: wav.sampleRate,
            channels: wav.channels,
            rms: wav.rms,
          }
        : null,
  });
  if (outcome?.state === 'ready') {
    const key = outcome.ref?.environment_key ?? '?';
    answer(ctx, `environment key: ${key}`);
    answer(
      ctx,
      outcome.installed
        ? `installed in ${(outcome.durationMs / 1000).toFixed(1)} s`
        : `reused environment ${key} (cache hit, ${formatDuration(outcome.durationMs)})`,
    );
  }
  if (wav && typeof audioPath === 'string') {
    answer(ctx, `wav: ${audioPath}`);
    answer(ctx, `duration: ${wav.durationSeconds.toFixed(2)} s, sample rate: ${wav.sampleRate} Hz`);
  }
  if (report.exitCode !== 0 && !ctx.json) ctx.io.stderr.write(`error: the demo did not finish (exit ${report.exitCode})\n`);
  return report.exitCode;
}
