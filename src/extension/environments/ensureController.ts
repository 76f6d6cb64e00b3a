/**
 * Ensures one dependency-environment node from the editor or a command: runs the node and its
 * upstream through the workflow executor with the shared node runners (`core/nodes`, the road the
 * CLI's `ensure` takes too), with a cancellable progress notification and the status bar,
 * logs every decision, pushes `environment/status` and `node/activity` to the document's panels,
 * and notifies the outcome. Remembers the last status per node for Set Manual Override.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { notificationMessage } from '../../core/protocol/envelope.js';
import { structuredError } from '../../core/errors/structuredError.js';
import type { StructuredError } from '../../core/errors/structuredError.js';
import { createNodeRunners } from '../../core/nodes/createNodeRunners.js';
import { runOutputDir } from '../../core/nodes/runOutputs.js';
import { toProtocolError } from '../../core/protocol/protocolError.js';
import { executeWorkflow } from '../../core/workflow/executor.js';
import { DEPENDENCY_ENVIRONMENT_NODE } from '../../core/workflow/nodeTypes.js';
import type { EnsureOutcome } from '../../core/environment/ensureReport.js';
import type { EnsureProgressEvent } from '../../core/domain/progress.js';
import type { DependencyEnvironmentStatusV1 } from '../../core/contracts/environmentStatus.js';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import { runWithDeferredProgress } from '../progress/deferredProgress.js';
import { openProgressNotification } from '../progress/progressNotification.js';
import { describeError, statusBarText, summarizeOutcome } from './ensureMessages.js';
import type { EnvironmentHost } from '../environmentHost.js';
import type { OperationRegistry } from '../operations.js';
import type { ProgressStatusBar } from '../progress/progressStatusBar.js';
import type { WorkflowSessions } from '../editor/workflowSessions.js';
import { NOT_TRUSTED } from '../trust.js';

/** What the controller needs. */
export interface EnsureControllerDeps {
  readonly host: EnvironmentHost;
  readonly log: vscode.LogOutputChannel;
  readonly operations: OperationRegistry;
  readonly statusBar: ProgressStatusBar;
  readonly sessions: WorkflowSessions;
  /** Tells the environments tree to refresh. */
  readonly environmentsChanged: () => void;
}

/** See the module comment. */
export class EnsureController {
  readonly #deps: EnsureControllerDeps;
  readonly #lastStatus = new Map<string, DependencyEnvironmentStatusV1>();

  constructor(deps: EnsureControllerDeps) {
    this.#deps = deps;
  }

  /** The last status reported for `nodeId` of `uri`. */
  lastStatus(uri: vscode.Uri, nodeId: string): DependencyEnvironmentStatusV1 | undefined {
    return this.#lastStatus.get(`${uri.toString()}#${nodeId}`);
  }

  /** Records an outcome (from an ensure or a run) and pushes it to the panels. */
  recordOutcome(uri: vscode.Uri, nodeId: string, outcome: EnsureOutcome): void {
    this.#lastStatus.set(`${uri.toString()}#${nodeId}`, outcome.status);
    this.#deps.sessions.broadcast(uri, () =>
      notificationMessage('environment/status', { nodeId, status: outcome.status, ref: outcome.ref, resolved: outcome.bindings }),
    );
    this.#deps.environmentsChanged();
  }

  /** Logs one progress event (installer lines at trace level) and updates the status bar. */
  logProgress(operationId: string, event: EnsureProgressEvent): void {
    const { log } = this.#deps;
    if (event.line !== undefined) log.trace(`pip: ${event.line}`);
    else if (event.phase === 'reuse') log.info(`cache hit: ${event.message}`);
    else if (event.phase === 'lock-wait') log.info(`lock wait: ${event.message}`);
    else log.debug(`[${event.phase}] ${event.message}${event.percent !== undefined ? ` (${Math.round(event.percent)}%)` : ''}`);
    if (event.phase !== 'done') this.#deps.statusBar.update(operationId, statusBarText(event));
  }

  /**
   * Ensures `nodeId` of `workflow` (the document at `uri`). Refuses in an untrusted workspace.
   * With `notify`, shows the progress notification and the outcome notification. Never throws.
   */
  async ensureNode(
    uri: vscode.Uri,
    workflow: WorkflowDocument,
    nodeId: string,
    options: { notify: boolean },
  ): Promise<{ ok: true; outcome: EnsureOutcome } | { ok: false; errors: readonly StructuredError[] }> {
    const { host, log, operations, sessions } = this.#deps;
    const activity = (
      phase: 'started' | 'progress' | 'finished' | 'failed' | 'cancelled',
      extra: { message?: string; percent?: number; error?: StructuredError } = {},
    ): void =>
      sessions.broadcast(uri, () =>
        notificationMessage('node/activity', {
          nodeId,
          kind: 'ensure',
          phase,
          at: Date.now(),
          ...(extra.message !== undefined ? { message: extra.message } : {}),
          ...(extra.percent !== undefined ? { percent: Math.max(0, Math.min(100, extra.percent)) } : {}),
          ...(extra.error ? { error: toProtocolError(extra.error) } : {}),
        }),
      );
    if (!vscode.workspace.isTrusted) {
      log.warn(`ensure ${nodeId}: refused, workspace not trusted`);
      void vscode.window.showWarningMessage(`${NOT_TRUSTED.message} ${NOT_TRUSTED.hint ?? ''}`);
      return { ok: false, errors: [NOT_TRUSTED] };
    }
    const library = await host.loadLibrary(uri.scheme === 'file' ? dirname(uri.fsPath) : undefined);
    const node = workflow.graph.nodes.find((n) => n.id === nodeId);
    const refused = !library.ok
      ? library.errors
      : node?.node_type !== DEPENDENCY_ENVIRONMENT_NODE
        ? [structuredError('unknown_node_type', `node "${nodeId}" is not a dependency-environment node`, ['nodeId'])]
        : [];
    if (!library.ok || refused.length > 0) return this.#failed(uri, nodeId, refused, options.notify, activity);
    const { operation, done } = operations.start('ensure', uri.toString(), `Ensure ${nodeId}`, nodeId);
    log.info(`ensure ${nodeId} in ${uri.fsPath || uri.toString()}`);
    activity('started', { message: 'ensuring environment' });
    let outcome: EnsureOutcome | undefined;
    // The node and its upstream (the Puma-Lib node) through the executor: the same road as Run and the CLI.
    const run = async (report?: (message: string, percent?: number) => void): Promise<readonly StructuredError[]> => {
      const runners = createNodeRunners({
        pumaLib: { library: library.value, platformKey: host.current.platformKey },
        environment: {
          service: host.current.service,
          machineOverrides: host.machineOverrides,
          onOutcome: (id, result) => void (id === nodeId && (outcome = result)),
          onProgress: (_id, event) => {
            this.logProgress(operation.id, event);
            if (event.line === undefined && event.phase !== 'done') {
              report?.(event.message, event.percent);
              activity('progress', {
                message: event.message,
                ...(event.percent !== undefined ? { percent: event.percent } : {}),
              });
            }
          },
        },
        inference: {
          runner: host.current.runner,
          outputDir: runOutputDir(uri.scheme === 'file' ? uri.fsPath : null, host.dataDir),
        },
      });
      const result = await executeWorkflow(workflow, { runners, targets: [nodeId], signal: operation.controller.signal });
      const roots = result.failures.filter((f) => f.error.code !== 'upstream_failed');
      return (roots.length > 0 ? roots : result.failures).map((f) => f.error);
    };
    try {
      const errors = options.notify
        ? await runWithDeferredProgress(
            (report) => run((message, percent) => report({ message, ...(percent !== undefined ? { percent } : {}) })),
            (shown) => openProgressNotification(`Pantograph: ensuring ${nodeId}`, operation.controller, shown),
          )
        : await run();
      if (outcome === undefined) return this.#failed(uri, nodeId, errors, options.notify, activity);
      this.#logOutcome(nodeId, outcome);
      this.recordOutcome(uri, nodeId, outcome);
      const cancelled = outcome.errors[0]?.code === 'cancelled';
      activity(outcome.state === 'ready' ? 'finished' : cancelled ? 'cancelled' : 'failed', {
        message: summarizeOutcome(outcome).message,
        ...(outcome.errors[0] ? { error: outcome.errors[0] } : {}),
      });
      if (options.notify) void this.#notifyOutcome(uri, nodeId, outcome);
      return { ok: true, outcome };
    } finally {
      this.#deps.statusBar.clear(operation.id);
      done();
    }
  }

  /** The node could not be ensured (no library, not an environment node, an upstream or request error). */
  #failed(
    uri: vscode.Uri,
    nodeId: string,
    errors: readonly StructuredError[],
    notify: boolean,
    activity: (phase: 'failed' | 'cancelled', extra: { message?: string; error?: StructuredError }) => void,
  ): { ok: false; errors: readonly StructuredError[] } {
    for (const error of errors) this.#deps.log.error(`ensure ${nodeId}: ${describeError(error)}`);
    const first = errors[0];
    if (first) activity(first.code === 'cancelled' ? 'cancelled' : 'failed', { error: first, message: first.message });
    if (notify && first?.code !== 'cancelled')
      void this.#notifyFailure(first?.message ?? 'cannot build the request', false, uri, nodeId);
    return { ok: false, errors };
  }

  #logOutcome(nodeId: string, outcome: EnsureOutcome): void {
    const key = outcome.ref?.environment_key ?? outcome.status.environment_key ?? '-';
    const line = `ensure ${nodeId}: ${outcome.state} key=${key} reused=${outcome.reused} installed=${outcome.installed} in ${outcome.durationMs} ms`;
    if (outcome.state === 'ready') this.#deps.log.info(line);
    else this.#deps.log.warn(line);
    for (const check of outcome.status.bindings)
      this.#deps.log.debug(
        `validation ${check.binding_id}: ${check.state}; installed ${check.installed_requirements.join(', ') || '-'}; missing ${check.missing_requirements.join(', ') || '-'}`,
      );
    for (const field of outcome.status.missing_fields)
      this.#deps.log.warn(`needs input: ${field.field} for ${field.requirement_name ?? field.binding_id}: ${field.reason}`);
    for (const error of outcome.errors) this.#deps.log.error(`ensure ${nodeId}: ${describeError(error)}`);
  }

  async #notifyOutcome(uri: vscode.Uri, nodeId: string, outcome: EnsureOutcome): Promise<void> {
    const summary = summarizeOutcome(outcome);
    if (summary.severity === 'info') {
      void vscode.window.showInformationMessage(summary.message);
      return;
    }
    await this.#notifyFailure(summary.message, summary.offerOverride, uri, nodeId, summary.severity);
  }

  async #notifyFailure(
    message: string,
    offerOverride: boolean,
    uri?: vscode.Uri,
    nodeId?: string,
    severity: 'warning' | 'error' = 'error',
  ): Promise<void> {
    const actions = [...(offerOverride ? ['Set Override…'] : []), 'Show Output'];
    const show = severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    const choice = await show(message, ...actions);
    if (choice === 'Show Output') this.#deps.log.show(true);
    if (choice === 'Set Override…' && uri && nodeId)
      await vscode.commands.executeCommand('pantograph.setManualOverride', uri, nodeId);
  }
}
