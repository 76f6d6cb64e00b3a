/**
 * `pantograph demo`: the end-to-end demo, offline. Builds the demo model's wheel into
 * `<dataDir>/demo/wheels`, runs `examples/demo.pantograph` with the bundled model library, default
 * index `none` and a machine-local `wheel_source_path` patch per dependency-environment node (never
 * written into the workflow), and reports the environment (installed or reused) and the WAV.
 */
import { join } from 'node:path';
import { buildDemoWheels } from '../../core/library/demoWheels.js';
import { bundledModelLibraryDir, findExtensionRoot } from '../../core/library/extensionRoot.js';
import type { ModelLibrary } from '../../core/library/loadModelLibrary.js';
import { findModel } from '../../core/library/loadModelLibrary.js';
import { buildPumaLibOutputs } from '../../core/library/pumaLibOutputs.js';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import type { CliContext } from '../context.js';
import { userPath } from '../context.js';
import { CliError, EXIT_USAGE } from '../exitCodes.js';
import type { ExitCode } from '../exitCodes.js';
import { wheelSourcePatch } from '../inputFiles.js';
import { readWavInfo } from '../nodeSummary.js';
import { answer, formatDuration, printJson, say } from '../output.js';
import { loadWorkflow } from '../workflowFile.js';
import { loadLibrary, runLoadedWorkflow } from '../workflowRunner.js';
import { runReportJson } from './run.js';
import { AUDIO_GENERATION_NODE, DEPENDENCY_ENVIRONMENT_NODE, PUMA_LIB_NODE, TEXT_INPUT_NODE } from '../../core/workflow/nodeTypes.js';

/** Options of `demo`. */
export interface DemoOptions {
  readonly outputDir?: string;
  readonly duration?: string;
  readonly prompt?: string;
}

/** Binding ids each dependency-environment node will receive from its upstream Puma-Lib node. */
export function upstreamBindingIds(doc: WorkflowDocument, library: ModelLibrary, platformKey: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const node of doc.graph.nodes.filter((n) => n.node_type === DEPENDENCY_ENVIRONMENT_NODE)) {
    const edge = doc.graph.edges.find((e) => e.target === node.id && e.target_handle === 'dependency_requirements');
    const source = doc.graph.nodes.find((n) => n.id === edge?.source && n.node_type === PUMA_LIB_NODE);
    const model = source && typeof source.data.model_id === 'string' ? findModel(library, source.data.model_id) : undefined;
    if (!model?.ok) continue;
    const backendKey = typeof source?.data.backend_key === 'string' && source.data.backend_key !== '' ? source.data.backend_key : undefined;
    result[node.id] = [...buildPumaLibOutputs(model.value, { platformKey, ...(backendKey ? { backendKey } : {}) }).selected_binding_ids];
  }
  return result;
}

/** Applies `--duration` / `--prompt` to the in-memory demo document (the file is never written). */
function tuneDemo(doc: WorkflowDocument, options: DemoOptions): WorkflowDocument {
  const duration = options.duration === undefined ? undefined : Number(options.duration);
  if (duration !== undefined && (!Number.isFinite(duration) || duration <= 0 || duration > 600)) throw new CliError(EXIT_USAGE, `--duration must be a number of seconds in (0, 600], got ${JSON.stringify(options.duration)}`);
  const nodes = doc.graph.nodes.map((n) => {
    if (n.node_type === AUDIO_GENERATION_NODE && duration !== undefined) return { ...n, data: { ...n.data, duration } };
    if (n.node_type === TEXT_INPUT_NODE && options.prompt !== undefined) return { ...n, data: { ...n.data, text: options.prompt } };
    return n;
  });
  return { ...doc, graph: { ...doc.graph, nodes } };
}

/** Runs the demo. Returns the exit status of the run. */
export async function demoCommand(ctx: CliContext, options: DemoOptions): Promise<ExitCode> {
  const root = findExtensionRoot();
  const wheelsDir = join(ctx.dataDir, 'demo', 'wheels');
  const outputDir = options.outputDir ? userPath(options.outputDir, ctx.io.cwd) : join(ctx.dataDir, 'demo', 'outputs');
  const wheels = await buildDemoWheels(wheelsDir);
  say(ctx, `demo wheel: ${wheels.join(', ')}`);
  const loaded = await loadWorkflow(join(root, 'examples', 'demo.pantograph'));
  const workflow = { ...loaded, doc: tuneDemo(loaded.doc, options) };
  const libraryDir = bundledModelLibraryDir(root);
  const library = await loadLibrary(ctx, libraryDir);
  const now = new Date();
  const bindings = upstreamBindingIds(workflow.doc, library, ctx.services({ defaultIndexUrl: null }).platformKey);
  const machineOverrides = Object.fromEntries(Object.entries(bindings).map(([nodeId, ids]) => [nodeId, ids.map((id) => wheelSourcePatch(id, wheelsDir, now))]));
  say(ctx, `running ${workflow.path} offline (default index none, wheels from ${wheelsDir})`);
  const report = await runLoadedWorkflow(ctx, { workflow, machineOverrides, outputDir, defaultIndexUrl: null, modelLibraryDir: libraryDir });

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
    wav: wav && typeof audioPath === 'string' ? { path: audioPath, duration_seconds: wav.durationSeconds, sample_rate: wav.sampleRate, channels: wav.channels, rms: wav.rms } : null,
  });
  if (outcome?.state === 'ready') {
    const key = outcome.ref?.environment_key ?? '?';
    answer(ctx, `environment key: ${key}`);
    answer(ctx, outcome.installed ? `installed in ${(outcome.durationMs / 1000).toFixed(1)} s` : `reused environment ${key} (cache hit, ${formatDuration(outcome.durationMs)})`);
  }
  if (wav && typeof audioPath === 'string') {
    answer(ctx, `wav: ${audioPath}`);
    answer(ctx, `duration: ${wav.durationSeconds.toFixed(2)} s, sample rate: ${wav.sampleRate} Hz`);
  }
  if (report.exitCode !== 0 && !ctx.json) ctx.io.stderr.write(`error: the demo did not finish (exit ${report.exitCode})\n`);
  return report.exitCode;
}
