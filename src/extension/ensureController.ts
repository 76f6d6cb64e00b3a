/**
 * Ensures one dependency-environment node from the editor or a command: builds the request from
 * the graph, calls the service with a cancellable progress notification and the status bar,
 * logs every decision, pushes `environment/status` and `node/activity` to the document's panels,
 * and notifies the outcome. Remembers the last status per node for Set Manual Override.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { notificationMessage } from '../core/protocol/envelope.js';
import { structuredError } from '../core/errors/structuredError.js';
import type { StructuredError } from '../core/errors/structuredError.js';
import type { EnsureOutcome } from '../core/environment/ensureReport.js';
import type { EnsureProgressEvent } from '../core/domain/progress.js';
import type { DependencyEnvironmentStatusV1 } from '../core/contracts/environmentStatus.js';
import type { WorkflowDocument } from '../core/workflow/workflowSchema.js';
import { runWithDeferredProgress } from './deferredProgress.js';
import { openProgressNotification } from './progressNotification.js';
import { buildEnsureRequest } from './ensureRequest.js';
import { toProtocolError } from './workflowDocumentModel.js';
import { describeError, statusBarText, summarizeOutcome } from './ensureMessages.js';
import type { EnvironmentHost } from './environmentHost.js';
import type { OperationRegistry } from './operations.js';
import type { ProgressStatusBar } from './progressStatusBar.js';
import type { WorkflowSessions } from './workflowSessions.js';

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

/** The error shown when the workspace is not trusted. */
export const NOT_TRUSTED = structuredError('not_trusted', 'This workspace is not trusted: Pantograph installs and runs no Python here.', [], 'Trust the workspace (Manage Workspace Trust) to ensure environments and run workflows.');

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
    this.#deps.sessions.broadcast(uri, () => notificationMessage('environment/status', { nodeId, status: outcome.status, ref: outcome.ref, resolved: outcome.bindings }));
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
  async ensureNode(uri: vscode.Uri, workflow: WorkflowDocument, nodeId: string, options: { notify: boolean }): Promise<{ ok: true; outcome: EnsureOutcome } | { ok: false; errors: readonly StructuredError[] }> {
    const { host, log, operations, sessions } = this.#deps;
    const activity = (phase: 'started' | 'progress' | 'finished' | 'failed' | 'cancelled', extra: { message?: string; percent?: number; error?: StructuredError } = {}): void =>
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
    const built = library.ok ? buildEnsureRequest(workflow, nodeId, { library: library.value, platformKey: host.current.platformKey }) : library;
    if (!built.ok) {
      for (const error of built.errors) log.error(`ensure ${nodeId}: ${describeError(error)}`);
      if (built.errors[0]) activity('failed', { error: built.errors[0], message: built.errors[0].message });
      if (options.notify) void this.#notifyFailure(built.errors[0]?.message ?? 'cannot build the request', false);
      return { ok: false, errors: built.errors };
    }
    const extra = await host.machineOverrides(built.value.request.requirements);
    if (extra.length > 0) log.info(`ensure ${nodeId}: using the bundled demo wheel folder as a machine-local wheel_source_path override`);
    const request = { ...built.value.request, overrides: [...(built.value.request.overrides ?? []), ...extra] };
    const { operation, done } = operations.start('ensure', uri.toString(), `Ensure ${nodeId}`, nodeId);
    log.info(`ensure ${nodeId} (${built.value.mode} mode) in ${uri.fsPath || uri.toString()}`);
    activity('started', { message: 'ensuring environment' });
    const run = async (report?: (message: string, percent?: number) => void): Promise<EnsureOutcome> =>
      host.current.service.ensure(request, {
        mode: built.value.mode,
        signal: operation.controller.signal,
        onProgress: (event) => {
          this.logProgress(operation.id, event);
          if (event.line === undefined && event.phase !== 'done') {
            report?.(event.message, event.percent);
            activity('progress', { message: event.message, ...(event.percent !== undefined ? { percent: event.percent } : {}) });
          }
        },
      });
    try {
      const outcome = options.notify ? await runWithDeferredProgress((report) => run((message, percent) => report({ message, ...(percent !== undefined ? { percent } : {}) })), (shown) => openProgressNotification(`Pantograph: ensuring ${nodeId}`, operation.controller, shown)) : await run();
      this.#logOutcome(nodeId, outcome);
      this.recordOutcome(uri, nodeId, outcome);
      const cancelled = outcome.errors[0]?.code === 'cancelled';
      activity(outcome.state === 'ready' ? 'finished' : cancelled ? 'cancelled' : 'failed', { message: summarizeOutcome(outcome).message, ...(outcome.errors[0] ? { error: outcome.errors[0] } : {}) });
      if (options.notify) void this.#notifyOutcome(uri, nodeId, outcome);
      return { ok: true, outcome };
    } finally {
      this.#deps.statusBar.clear(operation.id);
      done();
    }
  }

  #logOutcome(nodeId: string, outcome: EnsureOutcome): void {
    const key = outcome.ref?.environment_key ?? outcome.status.environment_key ?? '-';
    const line = `ensure ${nodeId}: ${outcome.state} key=${key} reused=${outcome.reused} installed=${outcome.installed} in ${outcome.durationMs} ms`;
    if (outcome.state === 'ready') this.#deps.log.info(line);
    else this.#deps.log.warn(line);
    for (const check of outcome.status.bindings) this.#deps.log.debug(`validation ${check.binding_id}: ${check.state}; installed ${check.installed_requirements.join(', ') || '-'}; missing ${check.missing_requirements.join(', ') || '-'}`);
    for (const field of outcome.status.missing_fields) this.#deps.log.warn(`needs input: ${field.field} for ${field.requirement_name ?? field.binding_id}: ${field.reason}`);
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

  async #notifyFailure(message: string, offerOverride: boolean, uri?: vscode.Uri, nodeId?: string, severity: 'warning' | 'error' = 'error'): Promise<void> {
    const actions = [...(offerOverride ? ['Set Override…'] : []), 'Show Output'];
    const show = severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    const choice = await show(message, ...actions);
    if (choice === 'Show Output') this.#deps.log.show(true);
    if (choice === 'Set Override…' && uri && nodeId) await vscode.commands.executeCommand('pantograph.setManualOverride', uri, nodeId);
  }
}
