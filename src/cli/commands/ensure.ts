/**
 * `pantograph ensure`: make environments ready. Either for a workflow's dependency-environment
 * nodes (running only them and their upstream), or for a raw DependencyRequirementsV1 payload.
 */
import type { EnvironmentMode } from '../../core/contracts/environmentState.js';
import type { EnsureOutcome } from '../../core/environment/ensureReport.js';
import type { CliContext } from '../context.js';
import { userPath } from '../context.js';
import { CliError, EXIT_OK, EXIT_USAGE, exitCodeForState } from '../exitCodes.js';
import type { ExitCode } from '../exitCodes.js';
import { readJsonFile, readNodeOverrides, readOverridePatches } from '../inputFiles.js';
import { describeOutcome, outcomeHint } from '../nodeSummary.js';
import { answer, printJson, say } from '../output.js';
import { createProgress } from '../progress.js';
import { defaultOutputDir, loadWorkflow, shownPath } from '../workflowFile.js';
import { runLoadedWorkflow } from '../workflowRunner.js';
import { runReportJson } from './run.js';
import { DEPENDENCY_ENVIRONMENT_NODE } from '../../core/workflow/nodeTypes.js';
import { ensureLockedCommand } from './ensureLocked.js';

/** Options of `ensure`. */
export interface EnsureCommandOptions {
  readonly node?: readonly string[];
  readonly requirements?: string;
  readonly override?: readonly string[];
  readonly mode?: string;
  readonly binding?: readonly string[];
  readonly lock?: string;
}

function parseMode(value: string | undefined): EnvironmentMode | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto' || value === 'manual') return value;
  throw new CliError(EXIT_USAGE, `--mode must be auto or manual, got ${JSON.stringify(value)}`);
}

/** The `--json` document of one ensure. */
export function outcomeJson(outcome: EnsureOutcome): Record<string, unknown> {
  return {
    environment_ref: outcome.ref,
    status: outcome.status,
    reused: outcome.reused,
    duration_ms: outcome.durationMs,
    installed: outcome.installed,
    state: outcome.state,
    errors: outcome.errors,
  };
}

/** Dispatches on `--requirements` (raw payload) vs a workflow argument. Returns the exit status. */
export async function ensureCommand(
  ctx: CliContext,
  workflowArg: string | undefined,
  options: EnsureCommandOptions,
): Promise<ExitCode> {
  const mode = parseMode(options.mode);
  if (options.lock !== undefined) {
    if (options.requirements === undefined || workflowArg !== undefined)
      throw new CliError(EXIT_USAGE, '--lock needs --requirements <payload.json> (and no workflow)');
    if (mode === 'manual') throw new CliError(EXIT_USAGE, '--lock always installs; --mode manual does not apply');
    return ensureLockedCommand(ctx, options.requirements, options.lock, options.binding ?? []);
  }
  if (options.requirements !== undefined) {
    if (workflowArg !== undefined) throw new CliError(EXIT_USAGE, 'give either a workflow or --requirements, not both');
    return ensureRequirements(ctx, options.requirements, {
      overrides: options.override ?? [],
      bindings: options.binding ?? [],
      mode: mode ?? 'auto',
    });
  }
  if (workflowArg === undefined)
    throw new CliError(EXIT_USAGE, 'ensure needs a workflow or --requirements <payload.json>', {
      hint: 'pantograph ensure demo.pantograph, or pantograph ensure --requirements payload.json',
    });
  return ensureWorkflow(ctx, workflowArg, {
    nodes: options.node ?? [],
    overrides: options.override ?? [],
    ...(mode ? { mode } : {}),
  });
}

/** Ensures one raw payload with the given override patch files and binding ids. */
export async function ensureRequirements(
  ctx: CliContext,
  payloadFile: string,
  options: { overrides: readonly string[]; bindings: readonly string[]; mode: EnvironmentMode },
): Promise<ExitCode> {
  const requirements = await readJsonFile(payloadFile, 'requirements payload', ctx.io);
  const overrides = await readOverridePatches(options.overrides, ctx.io);
  const { service } = ctx.services();
  const progress = createProgress(ctx);
  const outcome = await service
    .ensure(
      { requirements, selectedBindingIds: options.bindings.length > 0 ? options.bindings : null, overrides },
      { mode: options.mode, signal: ctx.io.signal, onProgress: (event) => progress.ensure('ensure', event) },
    )
    .finally(() => progress.stop());
  const exitCode = exitCodeForState(outcome.state, outcome.errors);
  printJson(ctx, outcomeJson(outcome));
  if (exitCode === EXIT_OK) {
    for (const line of describeOutcome(outcome)) answer(ctx, line);
  } else if (!ctx.json) {
    const [first, ...rest] = describeOutcome(outcome);
    ctx.io.stderr.write(`error: ${first ?? outcome.state}\n${rest.map((l) => `${l}\n`).join('')}`);
    const hint = outcomeHint(outcome) ?? outcome.errors[0]?.hint;
    if (hint) ctx.io.stderr.write(`hint: ${hint}\n`);
  }
  return exitCode;
}

/** Ensures a workflow's dependency-environment nodes (all, or `nodes`), running only them and their upstream. */
export async function ensureWorkflow(
  ctx: CliContext,
  workflowArg: string,
  options: { nodes: readonly string[]; overrides: readonly string[]; mode?: EnvironmentMode },
): Promise<ExitCode> {
  const path = userPath(workflowArg, ctx.io.cwd);
  const shown = shownPath(path, ctx.io.cwd);
  const workflow = await loadWorkflow(path, shown);
  const envNodes = workflow.doc.graph.nodes.filter((n) => n.node_type === DEPENDENCY_ENVIRONMENT_NODE).map((n) => n.id);
  const targets = options.nodes.length > 0 ? [...options.nodes] : envNodes;
  const wrong = targets.filter((id) => !envNodes.includes(id));
  if (wrong.length > 0)
    throw new CliError(EXIT_USAGE, `${wrong.join(', ')} is not a dependency-environment node of ${shown}`, {
      hint: `Dependency-environment nodes: ${envNodes.join(', ') || '(none)'}`,
    });
  if (targets.length === 0) throw new CliError(EXIT_USAGE, `${shown} has no dependency-environment node`);
  say(ctx, `ensuring ${targets.join(', ')} in ${shown}`);
  const report = await runLoadedWorkflow(ctx, {
    workflow,
    targets,
    machineOverrides: await readNodeOverrides(options.overrides, ctx.io),
    outputDir: defaultOutputDir(path),
    ...(options.mode ? { mode: options.mode } : {}),
  });
  printJson(ctx, runReportJson(report, { workflow: path }));
  if (report.exitCode !== 0 && !ctx.json) {
    const hint = Object.values(report.environments)
      .map(outcomeHint)
      .find((h) => h !== undefined);
    ctx.io.stderr.write(`error: not every environment is ready (exit ${report.exitCode})\n${hint ? `hint: ${hint}\n` : ''}`);
  }
  return report.exitCode;
}
