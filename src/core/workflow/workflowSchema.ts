/**
 * The `.pantograph` v1 file format as zod schemas, their TypeScript types and the JSON Schema
 * export. Shape only: graph rules (known node types, ports, cycles, …) live in
 * `validateGraph.ts`. Browser-safe (zod only).
 */
import * as z from 'zod';

/** The only workflow file version this build reads and writes. */
export const WORKFLOW_VERSION = 1;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** A canvas position. */
export const PositionSchema = z.object({ x: finite, y: finite });
export type Position = z.infer<typeof PositionSchema>;

/** The saved canvas viewport. */
export const ViewportSchema = z.object({ x: finite, y: finite, zoom: finite.refine((n) => n > 0, 'zoom must be positive') });
export type Viewport = z.infer<typeof ViewportSchema>;

/** File metadata; unknown extra fields are kept. `created`/`modified` are RFC 3339 strings. */
export const WorkflowMetadataSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  created: z.string(),
  modified: z.string(),
});
export type WorkflowMetadata = z.infer<typeof WorkflowMetadataSchema>;

/**
 * A node. Only durable fields: UI-only React Flow fields (selected, dragging, measured, …) are
 * dropped on parse and never written. `data` holds parameters, overrides, mode, bindings.
 */
export const WorkflowNodeSchema = z.object({
  id: z.string().min(1),
  node_type: z.string().min(1),
  position: PositionSchema,
  data: z.record(z.string(), z.unknown()),
});
export type WorkflowNode = z.infer<typeof WorkflowNodeSchema>;

/** An edge from an output port (`source_handle`) to an input port (`target_handle`). */
export const WorkflowEdgeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  source_handle: z.string().min(1),
  target: z.string().min(1),
  target_handle: z.string().min(1),
});
export type WorkflowEdge = z.infer<typeof WorkflowEdgeSchema>;

export const WorkflowGraphSchema = z.object({
  nodes: z.array(WorkflowNodeSchema),
  edges: z.array(WorkflowEdgeSchema),
});
export type WorkflowGraph = z.infer<typeof WorkflowGraphSchema>;

/** The whole document. Unknown top-level fields are kept (a newer writer may add some). */
export const WorkflowDocumentSchema = z
  .looseObject({
    version: z.literal(WORKFLOW_VERSION),
    metadata: WorkflowMetadataSchema,
    graph: WorkflowGraphSchema,
    viewport: ViewportSchema.optional(),
  })
  .meta({ title: 'Pantograph workflow v1', description: 'A .pantograph workflow file, format version 1.' });
export type WorkflowDocument = z.infer<typeof WorkflowDocumentSchema>;

/**
 * File stem → schema, ready for `SCHEMA_SETS` in scripts/generateSchemas.ts
 * (`{ dir: 'docs/contracts', schemas: WORKFLOW_SCHEMAS }`).
 */
export const WORKFLOW_SCHEMAS: Readonly<Record<string, z.ZodType>> = { 'pantograph-workflow.v1': WorkflowDocumentSchema };

/**
 * The JSON Schema (draft 2020-12, accepted input) of a `.pantograph` v1 file, exactly as committed
 * in `docs/contracts/pantograph-workflow.v1.schema.json` (2-space JSON plus a trailing newline) and
 * as `contractJsonSchema(WorkflowDocumentSchema)` renders it. Pure and deterministic.
 */
export function workflowJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(WorkflowDocumentSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}

/**
 * A new, empty v1 document. `now` is an RFC 3339 timestamp supplied by the caller (no clock here).
 * @example createEmptyWorkflow('My flow', '2025-01-01T00:00:00Z').graph.nodes.length === 0
 */
export function createEmptyWorkflow(name: string, now: string): WorkflowDocument {
  return { version: WORKFLOW_VERSION, metadata: { name, created: now, modified: now }, graph: { nodes: [], edges: [] } };
}
