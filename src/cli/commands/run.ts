/** `pantograph run <workflow>`: parse, validate and execute a workflow with the production node runners. */
import { resolve } from 'node:path';
import type { CliContext } from '../context.js';
import { userPath } from '../context.js';
import type { ExitCode } from '../exitCodes.js';
import { readNodeOverrides } from '../inputFiles.js';
import { outcomeHint } from '../nodeSummary.js';
import { printJson, say } from '../output.js';
import { defaultOutputDir, loadWorkflow, shownPath } from '../workflowFile.js';
import { runLoadedWorkflow } from '../workflowRunner.js';
import type { WorkflowRunReport } from '../workflowRunner.js';

/** Options of `run`. */
export interface RunOptions {
  readonly node?: readonly string[];
  readonly override?: readonly string[];
  readonly outputDir?: string;
  readonly mode?: 'auto' | 'manual';
}

/** The `--json` document of a run (also used by `demo` and `ensure <workflow>`). */
export function runReportJson(report: WorkflowRunReport, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ok: report.exitCode === 0,
    exit_code: report.exitCode,
    cancelled: report.result.cancelled,
    ...extra,
    nodes: report.nodes,
    environments: Object.fromEntries(
      Object.entries(report.environments).map(([id, o]) => [
        id,
        { environment_ref: o.ref, status: o.status, reused: o.reused, installed: o.installed, duration_ms: o.durationMs },
      ]),
    ),
    failures: report.result.failures,
  };
}

/**
 * Runs `<workflow>` (only `--node` targets and their upstream when given). Inference outputs go to
 * `--output-dir`, default `<workflow dir>/<name>.outputs/`. Returns the exit status.
 */
export async function runCommand(ctx: CliContext, workflowArg: string, options: RunOptions): Promise<ExitCode> {
  const path = userPath(workflowArg, ctx.io.cwd);
  const shown = shownPath(path, ctx.io.cwd);
  const workflow = await loadWorkflow(path, shown);
  const machineOverrides = await readNodeOverrides(options.override ?? [], ctx.io);
  const outputDir = options.outputDir ? userPath(options.outputDir, ctx.io.cwd) : resolve(defaultOutputDir(path));
  say(ctx, `running ${shown} (outputs in ${outputDir})`);
  const report = await runLoadedWorkflow(ctx, {
    workflow,
    ...(options.node && options.node.length > 0 ? { targets: options.node } : {}),
    machineOverrides,
    outputDir,
    ...(options.mode ? { mode: options.mode } : {}),
  });
  printJson(ctx, runReportJson(report, { workflow: path, output_dir: outputDir }));
  if (report.exitCode !== 0) {
    ctx.io.stderr.write(
      `error: run ${report.result.cancelled ? 'cancelled' : 'failed'}: ${report.result.failures.length} node(s) did not finish (exit ${report.exitCode})\n`,
    );
    const hint = Object.values(report.environments)
      .map(outcomeHint)
      .find((h) => h !== undefined);
    if (hint) ctx.io.stderr.write(`hint: ${hint}\n`);
  } else say(ctx, 'run finished');
  return report.exitCode;
}
