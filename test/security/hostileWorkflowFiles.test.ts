/**
 * `.pantograph` files written by someone else: invalid JSON, oversized and deeply nested text,
 * prototype-polluting keys, unknown node types, dangling edges and duplicate ids. Parsing and graph
 * validation (and the host's document model on top of them) never throw; every problem comes back
 * structured, with a known code, a path and — for parse errors — a line and column, all at once.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkflowText, MAX_WORKFLOW_TEXT_LENGTH } from '../../src/core/workflow/parseWorkflow.js';
import { validateWorkflowGraph } from '../../src/core/workflow/validateGraph.js';
import { serializeWorkflow } from '../../src/core/workflow/serializeWorkflow.js';
import { WorkflowDocumentModel } from '../../src/extension/editor/workflowDocumentModel.js';
import type { StructuredError } from '../../src/core/errors/structuredError.js';
import { audioWorkflow, edge, node, workflow } from '../core/workflow/fixtures.js';
import { expectStructured } from './support/hostileHarness.js';

function parseErrors(text: string): readonly StructuredError[] {
  const result = parseWorkflowText(text);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors;
}

function located(errors: readonly StructuredError[]): void {
  expectStructured(errors);
  for (const e of errors) {
    const { line, column } = e as { line?: number; column?: number };
    expect(line).toBeGreaterThanOrEqual(1);
    expect(column).toBeGreaterThanOrEqual(1);
  }
}

function documentModel(text: string): WorkflowDocumentModel {
  return new WorkflowDocumentModel({
    uri: 'file:///hostile.pantograph',
    version: 1,
    getText: () => text,
    replace: () => Promise.resolve(false),
  });
}

const valid = serializeWorkflow(audioWorkflow());

describe('hostile workflow files', () => {
  it.each([
    ['an empty file', ''],
    ['a truncated file', valid.slice(0, valid.length / 2)],
    ['comments', `// owned\n${valid}`],
    ['a trailing comma', valid.replace(/\n}\n?$/, ',\n}\n')],
    ['binary garbage', '\u0000\u0001\u00ff\ufffe{{{'],
    ['a bare string', '"rm -rf /"'],
  ])('reports invalid JSON with %s as located invalid_json errors', (_label, text) => {
    const errors = parseErrors(text);
    located(errors);
    expect(errors.every((e) => e.code === 'invalid_json' || e.code === 'invalid_workflow')).toBe(true);
  });

  it('refuses a file above 10 MB before parsing it, quickly', () => {
    const text = `{"version":1,"padding":"${'x'.repeat(MAX_WORKFLOW_TEXT_LENGTH)}"}`;
    const started = performance.now();
    const errors = parseErrors(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('invalid_workflow');
    expect(errors[0]!.message).toContain(String(MAX_WORKFLOW_TEXT_LENGTH));
  });

  it.each([
    ['arrays', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['objects', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)],
    ['unclosed arrays', '['.repeat(100_000)],
  ])('refuses %s nested 100k levels deep without overflowing the stack', (_label, text) => {
    const errors = parseErrors(text);
    located(errors);
    expect(errors[0]!.code).toBe('invalid_workflow');
    expect(errors[0]!.message).toMatch(/nested deeper/);
  });

  it('refuses __proto__, constructor and prototype keys anywhere and leaves Object.prototype untouched', () => {
    const doc = JSON.parse(valid) as { graph: { nodes: { data: Record<string, unknown> }[] } };
    const text = valid
      .replace('"graph": {', '"__proto__": {"polluted": "yes"},\n  "graph": {')
      .replace('"data": {', '"data": {\n        "constructor": {"prototype": {"polluted": "yes"}},');
    expect(text).not.toBe(valid);
    expect(doc.graph.nodes.length).toBeGreaterThan(0);
    const errors = parseErrors(text);
    located(errors);
    expect(errors.filter((e) => e.code === 'invalid_workflow').length).toBeGreaterThanOrEqual(2);
    expect(errors.map((e) => e.path[0])).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('prototype');
  });

  it('reports duplicate node ids and duplicate edge ids together, each located', () => {
    const doc = workflow(
      [node('a', 'text-input'), node('a', 'text-input'), node('b', 'text-input')],
      [edge('a', 'text', 'b', 'x', 'e1'), edge('a', 'text', 'b', 'y', 'e1')],
    );
    const errors = parseErrors(serializeWorkflow(doc));
    located(errors);
    expect(errors.map((e) => e.code).sort()).toEqual(['duplicate_edge_id', 'duplicate_node_id']);
    expect(errors.find((e) => e.code === 'duplicate_node_id')!.path).toEqual(['graph', 'nodes', 1, 'id']);
  });

  it('reports an unknown node type and edges to missing nodes together from one graph validation', () => {
    const doc = workflow(
      [node('lib', 'puma-lib'), node('evil', 'shell-exec', { command: 'rm -rf /' })],
      [
        edge('lib', 'dependency_requirements', 'ghost', 'dependency_requirements', 'e1'),
        edge('nowhere', 'text', 'lib', 'x', 'e2'),
      ],
    );
    const parsed = parseWorkflowText(serializeWorkflow(doc));
    expect(parsed.ok).toBe(true);
    const errors = parsed.ok ? validateWorkflowGraph(parsed.value) : [];
    expectStructured(errors);
    const codes = errors.map((e) => e.code);
    expect(codes).toContain('unknown_node_type');
    expect(codes.filter((c) => c === 'dangling_edge')).toHaveLength(2);
    expect(errors.find((e) => e.code === 'unknown_node_type')!.path).toEqual(['graph', 'nodes', 1, 'node_type']);
  });

  it('reports every schema violation of one file at once with its JSON path', () => {
    const text = JSON.stringify({
      version: 1,
      metadata: { name: 7, created: 'x', modified: 'y' },
      graph: { nodes: [{ id: '', node_type: 5, position: { x: 'a', y: 0 }, data: [] }], edges: 'none' },
    });
    const errors = parseErrors(text);
    located(errors);
    expect(errors.length).toBeGreaterThanOrEqual(4);
    expect(errors.every((e) => e.code === 'invalid_workflow')).toBe(true);
    expect(errors.map((e) => e.path.join('.'))).toEqual(expect.arrayContaining(['metadata.name', 'graph.edges']));
  });

  it('refuses a future workflow version with unsupported_workflow_version', () => {
    const errors = parseErrors(valid.replace('"version": 1', '"version": 99'));
    expect(errors.map((e) => e.code)).toEqual(['unsupported_workflow_version']);
  });

  it.each([
    ['invalid JSON', '{'],
    ['deep nesting', '['.repeat(100_000)],
    ['a polluting key', '{"__proto__": {}}'],
    ['an unknown node type', serializeWorkflow(workflow([node('x', 'shell-exec')]))],
  ])('the host document model turns a file with %s into a workflow/state notification instead of throwing', (_label, text) => {
    const state = documentModel(text).state({ readOnly: false });
    expect(state.errors.length).toBeGreaterThan(0);
    expectStructured(state.errors as StructuredError[]);
  });
});
