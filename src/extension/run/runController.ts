/**
 * Runs a workflow (or one node and its ancestors) from the editor or a command with the shared
 * node runners (`core/nodes`): pushes `node/activity`, `environment/status` and `node/outputs`
 * (audio as a webview URI) to the document's panels, with a cancellable progress notification.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { notificationMessage } from '../../core/protocol/envelope.js';
import { executeWorkflow } from '../../core/workflow/executor.js';
import type { ExecutionEvent, ExecutionResult } from '../../core/workflow/executorTypes.js';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import { createNodeRunners } from '../../core/nodes/createNodeRunners.js';
import type { StructuredError } from '../../core/errors/structuredError.js';
import { audioPathOf, runOutputDir } from '../../core/nodes/runOutputs.js';
import { toProtocolError } from '../../core/protocol/protocolError.js';
import { describeError } from '../environments/ensureMessages.js';
import { NOT_TRUSTED } from '../trust.js';
import type { EnsureController } from '../environments/ensureController.js';
import type { EnvironmentHost } from '../environmentHost.js';
import type { OperationRegistry } from '../operations.js';
import type { ProgressStatusBar } from '../progress/progressStatusBar.js';
import { RunRecording } from './runRecording.js';
import { runWithDeferredProgress } from '../progress/deferredProgress.js';
import { openProgressNotification } from '../progress/progressNotification.js';
import { plannedRunOrder } from '../../core/runs/runPlan.js';
import { outcomeOf } from '../../core/runs/runRecord.js';
import type { WorkflowSessions } from '../editor/workflowSessions.js';

/** What the controller needs. */
export interface RunControllerDeps {
  readonly host: EnvironmentHost;
  readonly log: vscode.LogOutputChannel;
  readonly operations: OperationRegistry;
  readonly statusBar: ProgressStatusBar;
  readonly sessions: WorkflowSessions;
  readonly ensure: EnsureController;
  /** Called after a run's history entry was written (the Run history view refreshes). */
  readonly historyChanged?: (uri: vscode.Uri) => void;
}

/** See the module comment. */
export class RunController {
  readonly #deps: RunControllerDeps;

  constructor(deps: RunControllerDeps) {
    this.#deps = deps;
  }

  /** Runs `workflow` (targets: `nodeId` or every sink). Refuses when untrusted. Never throws. */
  async run(
    uri: vscode.Uri,
    workflow: WorkflowDocument,
    nodeId?: string,
  ): Promise<ExecutionResult | { ok: false; errors: readonly StructuredError[] }> {
    const { host, log, operations } = this.#deps;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(`${NOT_TRUSTED.message} ${NOT_TRUSTED.hint ?? ''}`);
      return { ok: false, errors: [NOT_TRUSTED] };
    }
    const library = await host.loadLibrary(uri.scheme === 'file' ? dirname(uri.fsPath) : undefined);
    if (!library.ok) return { ok: false, errors: library.errors };
    const platformKey = host.current.platformKey;
    const outputDir = runOutputDir(uri.scheme === 'file' ? uri.fsPath : null, host.dataDir);
    await mkdir(outputDir, { recursive: true });
    const { operation, done } = operations.start('run', uri.toString(), nodeId ? `Run ${nodeId}` : 'Run workflow', nodeId);
    const runners = createNodeRunners({
      pumaLib: { library: library.value, platformKey },
      environment: {
        service: host.current.service,
        machineOverrides: host.machineOverrides,
        onOutcome: (id, outcome) => this.#deps.ensure.recordOutcome(uri, id, outcome),
        onProgress: (_id, event) => this.#deps.ensure.logProgress(operation.id, event),
      },
      inference: {
        runner: host.current.runner,
        outputDir,
        workerPool: host.workerPool,
        onWorkerEvent: (id, event) => log.trace(`worker ${id}: ${JSON.stringify(event)}`),
      },
    });
    log.info(`run ${nodeId ? `node ${nodeId}` : 'workflow'} of ${uri.fsPath || uri.toString()}; outputs in ${outputDir}`);
    const nodeIds = plannedRunOrder(workflow, nodeId ? [nodeId] : undefined);
    const recording = new RunRecording({
      outputDir,
      workflow: uri.scheme === 'file' ? uri.fsPath : uri.toString(),
      nodeIds,
      ...(nodeId ? { target: nodeId } : {}),
    });
    this.#deps.sessions.broadcast(uri, () =>
      notificationMessage('run/started', { runId: recording.runId, startedAt: recording.startedAt, nodeIds }),
    );
    try {
      const result = await runWithDeferredProgress(
        (report) =>
          executeWorkflow(workflow, {
            runners,
            ...(nodeId ? { targets: [nodeId] } : {}),
            signal: operation.controller.signal,
            onEvent: (event) => {
              this.#onEvent(uri, event, recording.observe(event));
              if (event.type === 'started' || event.type === 'progress')
                report({ message: `${event.nodeId}: ${event.type === 'progress' ? event.message : 'started'}` });
            },
          }),
        (shown) => openProgressNotification(`Pantograph: ${operation.label}`, operation.controller, shown),
      );
      this.#deps.sessions.broadcast(uri, () =>
        notificationMessage('run/finished', { runId: recording.runId, finishedAt: Date.now(), outcome: outcomeOf(result) }),
      );
      const stored = await recording.finish(result);
      if (stored.ok)
        log.info(
          `run ${recording.runId}: ${stored.value.outcome} in ${stored.value.duration_ms} ms; log ${stored.value.log_file ?? '-'}`,
        );
      else log.warn(`run ${recording.runId}: history not written: ${stored.errors.map(describeError).join('; ')}`);
      this.#deps.historyChanged?.(uri);
      this.#report(result);
      return result;
    } finally {
      this.#deps.statusBar.clear(operation.id);
      done();
    }
  }

  #onEvent(uri: vscode.Uri, event: ExecutionEvent, at: number): void {
    const { sessions, log } = this.#deps;
    const activity = (
      phase: 'started' | 'progress' | 'finished' | 'failed' | 'cancelled' | 'skipped',
      extra: { message?: string; percent?: number; error?: StructuredError } = {},
    ): void =>
      sessions.broadcast(uri, () =>
        notificationMessage('node/activity', {
          nodeId: event.nodeId,
          kind: 'run',
          phase,
          at,
          ...(extra.message !== undefined ? { message: extra.message } : {}),
          ...(extra.percent !== undefined ? { percent: Math.max(0, Math.min(100, extra.percent)) } : {}),
          ...(extra.error ? { error: toProtocolError(extra.error) } : {}),
        }),
      );
    switch (event.type) {
      case 'started':
        log.info(`node ${event.nodeId} (${event.nodeType}) started`);
        return activity('started');
      case 'progress':
        return activity('progress', {
          message: event.message,
          ...(event.percent !== undefined ? { percent: event.percent } : {}),
        });
      case 'failed':
        log.error(`node ${event.nodeId}: ${describeError(event.error)}`);
        return activity(event.error.code === 'cancelled' ? 'cancelled' : 'failed', {
          message: event.error.message,
          error: event.error,
        });
      case 'skipped':
        log.info(`node ${event.nodeId} skipped: ${event.error.message}`);
        return activity(event.error.code === 'cancelled' ? 'cancelled' : 'skipped', {
          message: event.error.message,
          error: event.error,
        });
      case 'partial':
        sessions.broadcast(uri, () =>
          notificationMessage('node/outputs', { nodeId: event.nodeId, outputs: { ...event.outputs }, partial: true }),
        );
        return;
      case 'finished': {
        log.info(`node ${event.nodeId} finished${event.cached ? ' (cached in this run)' : ''}`);
        activity('finished');
        const audio = audioPathOf(event.outputs);
        sessions.broadcast(uri, (panel) =>
          notificationMessage('node/outputs', {
            nodeId: event.nodeId,
            outputs: { ...event.outputs },
            ...(audio ? { audioUri: panel.webviewUri(audio) } : {}),
          }),
        );
        return;
      }
    }
  }

  #report(result: ExecutionResult): void {
    if (result.ok) {
      void vscode.window.showInformationMessage('Pantograph: workflow finished');
      return;
    }
    if (result.cancelled) {
      void vscode.window.showWarningMessage('Pantograph: run cancelled');
      return;
    }
    const first = result.failures[0];
    void vscode.window
      .showErrorMessage(`Pantograph: run failed${first ? `: ${describeError(first.error)}` : ''}`, 'Show Output')
      .then((choice) => {
        if (choice === 'Show Output') this.#deps.log.show(true);
      });
  }
}
