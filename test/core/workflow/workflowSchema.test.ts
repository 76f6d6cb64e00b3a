import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contractJsonSchema } from '../../../src/core/contracts/jsonSchemas.js';
import {
  WORKFLOW_SCHEMAS,
  WorkflowDocumentSchema,
  createEmptyWorkflow,
  workflowJsonSchema,
} from '../../../src/core/workflow/workflowSchema.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the workflow JSON Schema', () => {
  it('is committed exactly as workflowJsonSchema() generates it', () => {
    const committed = readFileSync(path.join(repoRoot, 'docs/contracts/pantograph-workflow.v1.schema.json'), 'utf8');
    expect(committed).toBe(`${JSON.stringify(workflowJsonSchema(), null, 2)}\n`);
  });

  it('is what the shared contract renderer produces, so scripts/generateSchemas.ts can publish WORKFLOW_SCHEMAS', () => {
    expect(contractJsonSchema(WORKFLOW_SCHEMAS['pantograph-workflow.v1'] as typeof WorkflowDocumentSchema)).toEqual(
      workflowJsonSchema(),
    );
  });

  it('requires version 1, metadata and graph, and allows unknown top-level fields', () => {
    const schema = workflowJsonSchema() as {
      required: string[];
      properties: { version: { const: number } };
      additionalProperties: unknown;
    };
    expect(schema.required).toEqual(['version', 'metadata', 'graph']);
    expect(schema.properties.version.const).toBe(1);
    expect(schema.additionalProperties).toEqual({});
  });
});

describe('createEmptyWorkflow', () => {
  it('builds a valid empty v1 document stamped with the given time', () => {
    const doc = createEmptyWorkflow('New', '2025-05-05T00:00:00Z');
    expect(WorkflowDocumentSchema.parse(doc)).toEqual(doc);
    expect(doc.metadata).toEqual({ name: 'New', created: '2025-05-05T00:00:00Z', modified: '2025-05-05T00:00:00Z' });
  });
});
