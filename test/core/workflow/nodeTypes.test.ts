import { describe, expect, it } from 'vitest';
import {
  NODE_TYPES,
  PORT_DATA_TYPES,
  arePortTypesCompatible,
  findInputPort,
  findOutputPort,
  getNodeType,
} from '../../../src/core/workflow/nodeTypes.js';
import type { PortDataType } from '../../../src/core/workflow/nodeTypes.js';

const ports = (nodeType: string, side: 'inputs' | 'outputs'): string[] =>
  (getNodeType(nodeType)?.[side] ?? []).map((p) => `${p.name}:${p.type}${p.required ? '!' : ''}`);

describe('the v1 node registry', () => {
  it('declares exactly the v1 node types', () => {
    expect(Object.keys(NODE_TYPES).sort()).toEqual([
      'audio-generation',
      'dependency-environment',
      'puma-lib',
      'pytorch-inference',
      'text-generation',
      'text-input',
    ]);
    for (const [key, definition] of Object.entries(NODE_TYPES)) {
      expect(definition.nodeType).toBe(key);
      expect(definition.title.length).toBeGreaterThan(0);
    }
  });

  it('gives every node type the ports of the architecture notes', () => {
    expect(ports('puma-lib', 'inputs')).toEqual([]);
    expect(ports('puma-lib', 'outputs')).toEqual([
      'model_path:string',
      'model_id:string',
      'backend_key:string',
      'platform_context:json',
      'selected_binding_ids:json',
      'dependency_requirements:json',
      'inference_settings:json',
      'task:string',
    ]);
    expect(ports('dependency-environment', 'inputs')).toEqual([
      'dependency_requirements:json!',
      'selected_binding_ids:json',
      'mode:string',
    ]);
    expect(ports('dependency-environment', 'outputs')).toEqual([
      'environment_ref:json',
      'resolved_dependency_requirements:json',
      'status:json',
    ]);
    expect(ports('audio-generation', 'inputs')).toEqual([
      'model_path:string!',
      'prompt:string!',
      'duration:number',
      'steps:number',
      'guidance_scale:number',
      'seed:number',
      'inference_settings:json',
      'environment_ref:json!',
    ]);
    expect(ports('audio-generation', 'outputs')).toEqual(['audio:audio', 'duration_seconds:number', 'sample_rate:number']);
    expect(ports('pytorch-inference', 'inputs')).toEqual([
      'model_path:string!',
      'prompt:string',
      'inference_settings:json',
      'environment_ref:json!',
    ]);
    expect(ports('pytorch-inference', 'outputs')).toEqual(['response:string']);
    expect(ports('text-generation', 'inputs')).toEqual([
      'model_path:string!',
      'prompt:string!',
      'max_new_tokens:number',
      'temperature:number',
      'top_p:number',
      'seed:number',
      'device:string',
      'inference_settings:json',
      'environment_ref:json!',
    ]);
    expect(ports('text-generation', 'outputs')).toEqual(['text:string']);
    expect(findInputPort('text-generation', 'device')?.allowedValues).toEqual(['auto', 'cpu', 'cuda']);
    expect(ports('text-input', 'outputs')).toEqual(['text:string']);
    expect(findInputPort('dependency-environment', 'mode')?.allowedValues).toEqual(['auto', 'manual']);
  });

  it('does not resolve inherited property names as node types or ports', () => {
    expect(getNodeType('constructor')).toBeUndefined();
    expect(getNodeType('toString')).toBeUndefined();
    expect(findOutputPort('text-input', 'prompt')).toBeUndefined();
  });
});

describe('arePortTypesCompatible', () => {
  // Rows: output type; columns: input type, in PORT_DATA_TYPES order (any, string, prompt, number, boolean, json, audio).
  const table: Record<PortDataType, string> = {
    any: '1111111',
    string: '1110000',
    prompt: '1110000',
    number: '1101000',
    boolean: '1100100',
    json: '1100010',
    audio: '1000001',
  };
  for (const output of PORT_DATA_TYPES) {
    it(`connects a ${output} output to exactly the expected inputs`, () => {
      const row = PORT_DATA_TYPES.map((input) => (arePortTypesCompatible(output, input) ? '1' : '0')).join('');
      expect(row).toBe(table[output]);
    });
  }
});
