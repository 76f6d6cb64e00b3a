/**
 * The host ↔ webview protocol of the workflow editor, declared once (GitLens style):
 * - commands: webview → host, no reply;
 * - requests: webview → host, exactly one reply (result or error);
 * - notifications: host → webview.
 * Method names are scoped (`workflow/edits/apply`). Every params shape is a zod schema; the
 * receiving side validates everything through `envelope.ts`. Imports only zod, contracts and the
 * workflow model, so both the host and the browser bundle can use it.
 */
import * as z from 'zod';
import { WorkflowEditListSchema } from '../workflow/workflowEdits.js';
import { WorkflowDocumentSchema } from '../workflow/workflowSchema.js';
import { DependencyOverridePatchV1Schema } from '../contracts/overridePatch.js';
import { DependencyEnvironmentStatusV1Schema } from '../contracts/environmentStatus.js';
import { EnvironmentRefV1Schema } from '../contracts/environmentRef.js';

const nodeId = z.string().min(1).max(200);
const runId = z.string().min(1).max(100);

export const StructuredErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  hint: z.string().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
});

/**
 * What a webview already shows when it sends `webview/ready`: the version and access of the state
 * the host embedded in its HTML. The host skips pushing that same state again.
 */
const ShownState = z
  .object({ version: z.number().int().nonnegative(), readOnly: z.boolean(), readOnlyReason: z.string().max(1000).optional() })
  .strict();

/** Webview → host, fire and forget. */
export const COMMANDS = {
  'webview/ready': z.object({ shown: ShownState.optional() }).strict(),
  'workflow/edits/apply': z
    .object({
      baseVersion: z.number().int().nonnegative(),
      edits: WorkflowEditListSchema.min(1).max(1000),
      label: z.string().max(200).optional(),
    })
    .strict(),
  /** The webview could not apply a `workflow/edited` (it holds another version): send the whole `workflow/state`. */
  'workflow/resync': z.object({}).strict(),
  'run/cancel': z.object({ nodeId: nodeId.optional() }).strict(),
  'output/show': z.object({}).strict(),
  'document/openAsText': z.object({}).strict(),
  'clipboard/copy': z.object({ text: z.string().max(10_000) }).strict(),
  /** Use a ready environment outside the graph: the host's Open Terminal in Environment / Export Lock File… commands. */
  'environment/action': z
    .object({ action: z.enum(['openTerminal', 'exportLock']), environmentKey: z.string().regex(/^[0-9a-f]{20}$/) })
    .strict(),
} as const;

/** Webview → host, one reply each: params schema and result schema. */
export const REQUESTS = {
  'environment/ensure': {
    params: z.object({ nodeId }).strict(),
    result: z.object({ state: z.string() }),
  },
  'workflow/run': {
    params: z.object({ nodeId: nodeId.optional() }).strict(),
    result: z.object({ ok: z.boolean() }),
  },
  'overrides/validate': {
    params: z.object({ nodeId, patch: DependencyOverridePatchV1Schema }).strict(),
    result: z.object({ errors: z.array(StructuredErrorSchema) }),
  },
  'library/list': {
    params: z.object({}).strict(),
    result: z.object({
      models: z.array(
        z
          .object({ model_id: z.string(), display_name: z.string(), model_type: z.string(), backend_key: z.string().nullish() })
          .loose(),
      ),
    }),
  },
} as const;

/** Run/ensure progress of one node, as the webview shows it. */
export const NodeActivitySchema = z.object({
  nodeId,
  kind: z.enum(['ensure', 'run']),
  phase: z.enum(['started', 'progress', 'finished', 'failed', 'cancelled', 'skipped']),
  message: z.string().optional(),
  percent: z.number().min(0).max(100).optional(),
  error: StructuredErrorSchema.optional(),
  /** When the host saw it (epoch ms): elapsed time and durations are measured between these. */
  at: z.number().nonnegative().optional(),
});
export type NodeActivity = z.infer<typeof NodeActivitySchema>;

/** Host → webview. */
export const NOTIFICATIONS = {
  'workflow/state': z.object({
    version: z.number().int().nonnegative(),
    document: WorkflowDocumentSchema.nullable(),
    errors: z.array(StructuredErrorSchema),
    readOnly: z.boolean(),
    readOnlyReason: z.string().optional(),
  }),
  /**
   * The document at `version` is the document at `baseVersion` with `edits` applied
   * (`applyWorkflowEdits`): a webview's own edits, confirmed, plus the host's `metadata.modified`
   * stamp. Sent instead of `workflow/state` to a panel known to hold `baseVersion`, so an edit does
   * not move the whole document back; a webview holding another version sends `workflow/resync`.
   * `errors` is left out when the graph problems are those of `baseVersion` (edits that only move
   * nodes): a big workflow's list of problems does not cross over again with every drag.
   */
  'workflow/edited': z.object({
    baseVersion: z.number().int().nonnegative(),
    version: z.number().int().nonnegative(),
    edits: WorkflowEditListSchema.min(1).max(1001),
    errors: z.array(StructuredErrorSchema).optional(),
    readOnly: z.boolean(),
    readOnlyReason: z.string().optional(),
  }),
  'environment/status': z.object({
    nodeId,
    status: DependencyEnvironmentStatusV1Schema,
    ref: EnvironmentRefV1Schema.nullable(),
    resolved: z.unknown().optional(),
  }),
  'node/activity': NodeActivitySchema,
  /**
   * A run began: `nodeIds` are the nodes it will run, in execution order (all queued), at
   * `startedAt` (epoch ms). Their `node/activity` (kind `run`) follows; `run/finished` ends it.
   */
  'run/started': z.object({ runId, startedAt: z.number().nonnegative(), nodeIds: z.array(nodeId).max(10_000) }).strict(),
  /** The run ended; nodes it left queued or running are over (cancelled). */
  'run/finished': z
    .object({ runId, finishedAt: z.number().nonnegative(), outcome: z.enum(['succeeded', 'failed', 'cancelled']) })
    .strict(),
  /** A node's outputs; `partial: true` while it still runs (the whole value so far of each port). */
  'node/outputs': z.object({
    nodeId,
    outputs: z.record(z.string(), z.unknown()),
    audioUri: z.string().optional(),
    partial: z.boolean().optional(),
  }),
} as const;

export type CommandMethod = keyof typeof COMMANDS;
export type RequestMethod = keyof typeof REQUESTS;
export type NotificationMethod = keyof typeof NOTIFICATIONS;
export type CommandParams<M extends CommandMethod> = z.infer<(typeof COMMANDS)[M]>;
export type RequestParams<M extends RequestMethod> = z.infer<(typeof REQUESTS)[M]['params']>;
export type RequestResult<M extends RequestMethod> = z.infer<(typeof REQUESTS)[M]['result']>;
export type NotificationParams<M extends NotificationMethod> = z.infer<(typeof NOTIFICATIONS)[M]>;
