/**
 * `WorkflowEdit`: every change to a workflow as data, with a zod schema because edits cross the
 * webview → host boundary. Applied by `applyWorkflowEdits` (applyEdits.ts). Browser-safe.
 */
import * as z from 'zod';
import { DependencyOverridePatchV1Schema } from '../contracts/overridePatch.js';
import { EnvironmentModeSchema } from '../contracts/environmentState.js';
import { PositionSchema, ViewportSchema } from './workflowSchema.js';

const id = z.string().min(1);

/** A node to add; `data` defaults to the node type's default data. */
export const NewNodeSchema = z.object({
  id,
  node_type: z.string().min(1),
  position: PositionSchema,
  data: z.record(z.string(), z.unknown()).optional(),
});

/** An edge to add; `id` defaults to a deterministic id derived from its ends. */
export const NewEdgeSchema = z.object({
  id: id.optional(),
  source: id,
  source_handle: id,
  target: id,
  target_handle: id,
});

/** A path inside `node.data`: string keys for objects, indices for arrays. */
export const DataPathSchema = z.array(z.union([z.string(), z.number().int().nonnegative()])).min(1);

/** Fields of `metadata` to change; `description: null` removes it. Extra fields are set as given. */
export const MetadataChangeSchema = z.looseObject({
  name: z.string().optional(),
  description: z.string().nullable().optional(),
  created: z.string().optional(),
  modified: z.string().optional(),
});

/** Every kind of workflow edit, discriminated by `kind`. */
export const WorkflowEditSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add_node'), node: NewNodeSchema }),
  /** Removes the node and every edge touching it. */
  z.object({ kind: z.literal('remove_node'), node_id: id }),
  z.object({ kind: z.literal('move_node'), node_id: id, position: PositionSchema }),
  /** Sets `node.data` at `path`; an absent/undefined `value` removes the field. */
  z.object({ kind: z.literal('set_node_data'), node_id: id, path: DataPathSchema, value: z.unknown().optional() }),
  z.object({ kind: z.literal('connect'), edge: NewEdgeSchema }),
  z.object({ kind: z.literal('disconnect'), edge_id: id }),
  /** Upserts into a dependency-environment node's `data.override_patches` by binding_id + scope + requirement_name. */
  z.object({ kind: z.literal('set_override_patch'), node_id: id, patch: DependencyOverridePatchV1Schema }),
  z.object({
    kind: z.literal('remove_override_patch'),
    node_id: id,
    binding_id: z.string(),
    scope: z.enum(['binding', 'requirement']),
    requirement_name: z.string().nullish(),
  }),
  z.object({ kind: z.literal('set_mode'), node_id: id, mode: EnvironmentModeSchema }),
  z.object({ kind: z.literal('set_metadata'), metadata: MetadataChangeSchema }),
  /** `null` removes the saved viewport. */
  z.object({ kind: z.literal('set_viewport'), viewport: ViewportSchema.nullable() }),
]);

/** One workflow edit. */
export type WorkflowEdit = z.infer<typeof WorkflowEditSchema>;
/** The `kind` of a {@link WorkflowEdit}. */
export type WorkflowEditKind = WorkflowEdit['kind'];
/** A list of edits, as sent by the webview. */
export const WorkflowEditListSchema = z.array(WorkflowEditSchema);
