import { describe, expect, it } from 'vitest';
import { MAX_WORKFLOW_TEXT_LENGTH, parseWorkflowText } from '../../../src/core/workflow/parseWorkflow.js';
import { serializeWorkflow } from '../../../src/core/workflow/serializeWorkflow.js';
import { isLocatedError } from '../../../src/core/workflow/sourceLocation.js';
import type { LocatedError } from '../../../src/core/workflow/sourceLocation.js';
import { audioWorkflow } from './fixtures.js';

function errorsOf(text: string): LocatedError[] {
  const result = parseWorkflowText(text);
  if (result.ok) throw new Error('expected a parse failure');
  for (const error of result.errors) expect(isLocatedError(error)).toBe(true);
  return result.errors as LocatedError[];
}

const validText = serializeWorkflow(audioWorkflow());

describe('parseWorkflowText', () => {
  it('parses a serialized workflow back into the same document', () => {
    expect(parseWorkflowText(validText)).toEqual({ ok: true, value: audioWorkflow() });
  });

  it('reports a syntax error as invalid_json with its line and column', () => {
    const text = '{\n  "version": 1\n  "metadata": {}\n}';
    const [error] = errorsOf(text);
    expect(error).toMatchObject({ code: 'invalid_json', line: 3, column: 3 });
    expect(error?.message).toContain('comma expected');
    expect(error?.message).toContain('(line 3, column 3)');
  });

  it('rejects comments and trailing commas, naming them and their position', () => {
    const errors = errorsOf('{\n  // a comment\n  "version": 1,\n}');
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['invalid_json', 2, 3],
      ['invalid_json', 4, 1],
    ]);
    expect(errors[0]?.message).toContain('comments are not allowed');
    expect(errors[1]?.message).toContain('trailing commas are not allowed');
  });

  it('reports an empty file as invalid_json', () => {
    expect(errorsOf('')[0]?.code).toBe('invalid_json');
    expect(errorsOf('   \n')[0]?.code).toBe('invalid_json');
  });

  it('reports every schema violation at once with its JSON path and the position of the value', () => {
    const text = validText.replace('"x": 30,', '"x": "left",').replace('"name": "Sample",', '"name": 42,');
    const errors = errorsOf(text);
    expect(errors.every((e) => e.code === 'invalid_workflow')).toBe(true);
    const byPath = new Map(errors.map((e) => [e.path.join('.'), e]));
    expect([...byPath.keys()].sort()).toEqual(['graph.nodes.0.position.x', 'metadata.name']);
    const lines = text.split('\n');
    const nameError = byPath.get('metadata.name') as LocatedError;
    expect(lines[nameError.line - 1]?.slice(nameError.column - 1)).toBe('42,');
    const xError = byPath.get('graph.nodes.0.position.x') as LocatedError;
    expect(lines[xError.line - 1]?.slice(xError.column - 1)).toBe('"left",');
  });

  it('points a missing field at the object that lacks it', () => {
    const text =
      '{\n  "version": 1,\n  "metadata": { "name": "n", "created": "c" },\n  "graph": { "nodes": [], "edges": [] }\n}\n';
    const [error] = errorsOf(text);
    expect(error).toMatchObject({ code: 'invalid_workflow', path: ['metadata', 'modified'], line: 3, column: 15 });
  });

  it('rejects another version with unsupported_workflow_version, naming found and supported versions', () => {
    const [error, ...rest] = errorsOf(validText.replace('"version": 1', '"version": 2'));
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ code: 'unsupported_workflow_version', path: ['version'], line: 2 });
    expect(error?.message).toContain('version 2 is not supported; supported: 1');
  });

  it('reports duplicate node ids and duplicate edge ids together', () => {
    const doc = audioWorkflow();
    const [first, second] = doc.graph.nodes;
    const [e1, e2] = doc.graph.edges;
    if (!first || !second || !e1 || !e2) throw new Error('fixture changed');
    second.id = first.id;
    e2.id = e1.id;
    const errors = errorsOf(serializeWorkflow(doc));
    expect(errors.map((e) => [e.code, e.path.join('.')])).toEqual([
      ['duplicate_node_id', 'graph.nodes.1.id'],
      ['duplicate_edge_id', 'graph.edges.1.id'],
    ]);
  });

  it('refuses __proto__, constructor and prototype keys without touching any prototype', () => {
    const text = validText.replace(
      '"model_id": "stable-audio-open"',
      '"model_id": "m", "__proto__": { "polluted": true }, "constructor": { "prototype": { "polluted": true } }',
    );
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.code, e.path.join('.')])).toEqual([
      ['invalid_workflow', 'graph.nodes.0.data.__proto__'],
      ['invalid_workflow', 'graph.nodes.0.data.constructor'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('reports duplicate JSON keys', () => {
    const errors = errorsOf(validText.replace('"version": 1,', '"version": 1,\n  "version": 1,'));
    expect(errors[0]).toMatchObject({ code: 'invalid_workflow', path: ['version'], line: 3 });
    expect(errors[0]?.message).toContain('duplicate key');
  });

  it('refuses text above the size cap without parsing it', () => {
    const [error] = errorsOf(' '.repeat(MAX_WORKFLOW_TEXT_LENGTH + 1));
    expect(error?.code).toBe('invalid_workflow');
    expect(error?.message).toContain('limit');
  });

  it('refuses absurdly deep nesting with a structured error instead of a stack overflow', () => {
    const [error] = errorsOf(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(error).toMatchObject({ code: 'invalid_workflow', line: 1, column: 65 });
    expect(errorsOf('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')[0]?.code).toBe(
      'invalid_workflow',
    );
  });

  it('keeps unknown top-level and metadata fields but drops UI-only node fields', () => {
    const doc = JSON.parse(validText) as Record<string, unknown> & {
      metadata: Record<string, unknown>;
      graph: { nodes: Record<string, unknown>[] };
    };
    doc.extension_settings = { theme: 'dark' };
    doc.metadata.author = 'ada';
    (doc.graph.nodes[0] as Record<string, unknown>).selected = true;
    const result = parseWorkflowText(JSON.stringify(doc));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.value.extension_settings).toEqual({ theme: 'dark' });
    expect(result.value.metadata.author).toBe('ada');
    expect(result.value.graph.nodes[0]).not.toHaveProperty('selected');
  });
});
