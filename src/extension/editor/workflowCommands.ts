/**
 * Workflow commands: Ensure Environment, Run Workflow, Run Node, Cancel, New Workflow and Set
 * Manual Override. Each acts on the active workflow editor, the file it was invoked on (explorer
 * menu), or a workflow the user picks.
 */
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWorkflowText } from '../../core/workflow/parseWorkflow.js';
import { serializeWorkflow } from '../../core/workflow/serializeWorkflow.js';
import { createEmptyWorkflow } from '../../core/workflow/workflowSchema.js';
import type { WorkflowDocument } from '../../core/workflow/workflowSchema.js';
import { nodePathProbe } from '../../core/validation/nodePathProbe.js';
import { dependencyEnvironmentNodeIds } from '../../core/nodes/dependencyEnvironmentRequest.js';
import { describeError } from '../environments/ensureMessages.js';
import { NOT_TRUSTED } from '../trust.js';
import type { EnsureController } from '../environments/ensureController.js';
import type { OperationRegistry } from '../operations.js';
import { overrideEdits, overridePrompts } from '../environments/overridePrompts.js';
import type { RunController } from '../run/runController.js';
import { WorkflowDocumentModel } from './workflowDocumentModel.js';
import { WORKFLOW_EDITOR_VIEW_TYPE } from './workflowEditorProvider.js';
import { editAccess, textDocumentAdapter } from './workflowSessions.js';
import type { WorkflowSessions } from './workflowSessions.js';
import { DEPENDENCY_ENVIRONMENT_NODE } from '../../core/workflow/nodeTypes.js';

/** What these commands need. */
export interface WorkflowCommandDeps {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly sessions: WorkflowSessions;
  readonly operations: OperationRegistry;
  readonly ensure: EnsureController;
  readonly run: RunController;
}

interface Target {
  readonly uri: vscode.Uri;
  readonly model: WorkflowDocumentModel;
  readonly document: vscode.TextDocument;
}

function activeWorkflowUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.viewType === WORKFLOW_EDITOR_VIEW_TYPE) return input.uri;
  const editor = vscode.window.activeTextEditor;
  return editor?.document.uri.path.endsWith('.pantograph') ? editor.document.uri : undefined;
}

/** The workflow a command acts on: its URI argument, the active editor, or a picked file. */
async function resolveTarget(deps: WorkflowCommandDeps, arg: unknown): Promise<Target | undefined> {
  let uri = arg instanceof vscode.Uri ? arg : activeWorkflowUri();
  if (!uri) {
    const files = await vscode.workspace.findFiles('**/*.pantograph', '**/node_modules/**', 200);
    const picked = await vscode.window.showQuickPick(
      files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
      {
        title: 'Pantograph: choose a workflow',
        placeHolder: files.length === 0 ? 'No .pantograph files in this workspace' : 'Workflow file',
      },
    );
    uri = picked?.uri;
  }
  if (!uri) return undefined;
  const document = await vscode.workspace.openTextDocument(uri);
  const model = deps.sessions.get(uri)?.model ?? new WorkflowDocumentModel(textDocumentAdapter(document));
  return { uri, model, document };
}

function workflowOf(target: Target): WorkflowDocument | undefined {
  const workflow = target.model.workflow();
  if (!workflow) {
    const parsed = target.model.current().result;
    void vscode.window.showErrorMessage(
      `Pantograph: ${target.uri.path.split('/').pop()} is not a valid workflow${parsed.ok ? '' : `: ${describeError(parsed.errors[0] ?? { code: 'invalid_workflow', message: 'invalid', path: [] })}`}`,
    );
  }
  return workflow;
}

async function pickNode(
  workflow: WorkflowDocument,
  filter: (type: string) => boolean,
  title: string,
  nodeArg: unknown,
): Promise<string | undefined> {
  if (typeof nodeArg === 'string' && workflow.graph.nodes.some((n) => n.id === nodeArg)) return nodeArg;
  const nodes = workflow.graph.nodes.filter((n) => filter(n.node_type));
  if (nodes.length === 1) return nodes[0]?.id;
  const picked = await vscode.window.showQuickPick(
    nodes.map((n) => ({ label: n.id, description: n.node_type })),
    { title },
  );
  return picked?.label;
}

function trusted(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`${NOT_TRUSTED.message} ${NOT_TRUSTED.hint ?? ''}`);
  return false;
}

async function newWorkflow(deps: WorkflowCommandDeps): Promise<void> {
  const now = new Date().toISOString();
  let doc: WorkflowDocument = createEmptyWorkflow('New workflow', now);
  try {
    const demo = parseWorkflowText(await readFile(join(deps.context.extensionUri.fsPath, 'examples', 'demo.pantograph'), 'utf8'));
    if (demo.ok) doc = { ...demo.value, metadata: { name: 'New workflow', created: now, modified: now } };
  } catch (error) {
    deps.log.warn(`demo skeleton unavailable, starting empty: ${(error as Error).message}`);
  }
  const text = serializeWorkflow(doc);
  const where = await vscode.window.showQuickPick(['Untitled', 'Save as…'], { title: 'Pantograph: New Workflow' });
  if (!where) return;
  let uri: vscode.Uri;
  if (where === 'Save as…') {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const chosen = await vscode.window.showSaveDialog({
      filters: { 'Pantograph workflow': ['pantograph'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'workflow.pantograph') } : {}),
    });
    if (!chosen) return;
    uri = chosen;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  } else {
    uri = vscode.Uri.from({ scheme: 'untitled', path: `workflow-${Date.now().toString(36)}.pantograph` });
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), text);
    await vscode.workspace.applyEdit(edit);
  }
  await vscode.commands.executeCommand('vscode.openWith', uri, WORKFLOW_EDITOR_VIEW_TYPE);
}

async function setManualOverride(deps: WorkflowCommandDeps, arg: unknown, nodeArg: unknown): Promise<void> {
  const target = await resolveTarget(deps, arg);
  const workflow = target && workflowOf(target);
  if (!target || !workflow) return;
  const access = editAccess(target.document);
  if (access.readOnly) return void vscode.window.showWarningMessage(`Pantograph: ${access.reason ?? 'read-only'}`);
  const nodeId = await pickNode(
    workflow,
    (t) => t === DEPENDENCY_ENVIRONMENT_NODE,
    'Set override on which Dependency Environment node?',
    nodeArg,
  );
  if (!nodeId) return;
  const missing = deps.ensure.lastStatus(target.uri, nodeId)?.missing_fields ?? [];
  let fields = missing;
  if (fields.length === 0) {
    // No status names missing fields: offer the common offline fix, a local wheel folder.
    const bindingId = await vscode.window.showInputBox({
      title: 'Binding id to override',
      prompt: 'No missing fields were reported for this node; which binding gets a local wheel folder?',
    });
    if (!bindingId) return;
    fields = [
      {
        binding_id: bindingId,
        requirement_name: null,
        field: 'wheel_source_path',
        reason: 'local wheels for an offline install',
      },
    ];
  }
  const prompts = overridePrompts(fields, nodePathProbe);
  const answers: string[] = [];
  for (const prompt of prompts) {
    const answer = await vscode.window.showInputBox({
      title: prompt.title,
      prompt: prompt.prompt,
      placeHolder: prompt.placeHolder,
      ignoreFocusOut: true,
      validateInput: (v) => prompt.validate(v) ?? null,
    });
    if (answer === undefined) return;
    answers.push(answer);
  }
  if (prompts.length === 0) return;
  const node = workflow.graph.nodes.find((n) => n.id === nodeId);
  const existing = Array.isArray(node?.data.override_patches) ? (node.data.override_patches as unknown[]) : [];
  const result = await target.model.applyEdits(
    target.model.current().version,
    overrideEdits(nodeId, existing, prompts, answers, new Date()),
    access,
  );
  if (!result.ok)
    return void vscode.window.showErrorMessage(
      `Pantograph: override not saved: ${describeError(result.errors[0] ?? { code: 'invalid_edit', message: 'refused', path: [] })}`,
    );
  deps.log.info(`override saved on ${nodeId}: ${prompts.map((p) => p.field.field).join(', ')}`);
  const again = await vscode.window.showInformationMessage(
    'Override saved in the workflow. Ensure the environment now?',
    'Ensure',
  );
  const updated = target.model.workflow();
  if (again === 'Ensure' && updated) await deps.ensure.ensureNode(target.uri, updated, nodeId, { notify: true });
}

/** Registers the workflow commands. */
export function registerWorkflowCommands(deps: WorkflowCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('pantograph.ensureEnvironment', async (arg?: unknown, nodeArg?: unknown) => {
      if (!trusted()) return;
      const target = await resolveTarget(deps, arg);
      const workflow = target && workflowOf(target);
      if (!target || !workflow) return;
      const ids = dependencyEnvironmentNodeIds(workflow);
      if (ids.length === 0)
        return void vscode.window.showInformationMessage('Pantograph: this workflow has no Dependency Environment node.');
      const chosen =
        typeof nodeArg === 'string'
          ? [nodeArg]
          : arg instanceof vscode.Uri || ids.length === 1
            ? ids
            : [await pickNode(workflow, (t) => t === DEPENDENCY_ENVIRONMENT_NODE, 'Ensure which environment?', undefined)];
      for (const id of chosen) if (id) await deps.ensure.ensureNode(target.uri, workflow, id, { notify: true });
    }),
    vscode.commands.registerCommand('pantograph.runWorkflow', async (arg?: unknown) => {
      if (!trusted()) return;
      const target = await resolveTarget(deps, arg);
      const workflow = target && workflowOf(target);
      if (target && workflow) await deps.run.run(target.uri, workflow);
    }),
    vscode.commands.registerCommand('pantograph.runNode', async (arg?: unknown, nodeArg?: unknown) => {
      if (!trusted()) return;
      const target = await resolveTarget(deps, arg);
      const workflow = target && workflowOf(target);
      if (!target || !workflow) return;
      const nodeId = await pickNode(workflow, () => true, 'Run which node (with its upstream nodes)?', nodeArg);
      if (nodeId) await deps.run.run(target.uri, workflow, nodeId);
    }),
    vscode.commands.registerCommand('pantograph.cancel', async () => {
      const running = deps.operations.list();
      if (running.length === 0) return void vscode.window.showInformationMessage('Pantograph: nothing is running.');
      const picked =
        running.length === 1
          ? running
          : await vscode.window
              .showQuickPick(
                running.map((o) => ({
                  label: o.label,
                  description: vscode.Uri.parse(o.documentUri).path.split('/').pop(),
                  operation: o,
                })),
                { title: 'Cancel which operation?', canPickMany: true },
              )
              .then((p) => p?.map((i) => i.operation) ?? []);
      for (const o of picked) deps.operations.cancel({ id: o.id });
      deps.log.info(`cancelled ${picked.length} operation(s)`);
    }),
    vscode.commands.registerCommand('pantograph.newWorkflow', () => newWorkflow(deps)),
    vscode.commands.registerCommand('pantograph.setManualOverride', (arg?: unknown, nodeArg?: unknown) =>
      setManualOverride(deps, arg, nodeArg),
    ),
  );
}
