import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { findAppendOnlyViolations } from '../../../src/core/contracts/appendOnly.js';
import { CONTRACT_SCHEMAS, contractJsonSchema } from '../../../src/core/contracts/jsonSchemas.js';
import { DependencyRequirementsV1Schema } from '../../../src/core/contracts/requirements.js';
import { EnvironmentRefV1Schema } from '../../../src/core/contracts/environmentRef.js';
import { cloneJson, repoRoot } from './fixtures.js';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form JSON Schema under mutation

const frozenDir = path.join(repoRoot, 'docs', 'contracts', 'frozen', 'v1');
const requirementsSchema = contractJsonSchema(DependencyRequirementsV1Schema) as Schema;
const requirementItem = (schema: Schema): Schema => schema.properties.bindings.items.properties.requirements.items;

function mutated(edit: (schema: Schema) => void): Schema {
  const copy = cloneJson(requirementsSchema);
  edit(copy);
  return copy;
}

describe('the frozen v1 snapshot', () => {
  it('holds one schema per v1 contract', () => {
    const v1Names = Object.keys(CONTRACT_SCHEMAS).filter((name) => name.endsWith('.v1'));
    expect(readdirSync(frozenDir).sort()).toEqual(v1Names.map((name) => `${name}.schema.json`).sort());
  });

  it.each(Object.keys(CONTRACT_SCHEMAS).filter((name) => name.endsWith('.v1')))(
    'is still honoured by the current %s schema',
    (name) => {
      const frozen: unknown = JSON.parse(readFileSync(path.join(frozenDir, `${name}.schema.json`), 'utf8'));
      expect(findAppendOnlyViolations(frozen, contractJsonSchema(CONTRACT_SCHEMAS[name]!))).toEqual([]);
    },
  );
});

describe('findAppendOnlyViolations', () => {
  it('finds nothing between a schema and itself', () => {
    expect(findAppendOnlyViolations(requirementsSchema, cloneJson(requirementsSchema))).toEqual([]);
  });

  it('flags a removed nested field with its path', () => {
    const current = mutated((s) => delete requirementItem(s).properties.markers);
    expect(findAppendOnlyViolations(requirementsSchema, current)).toEqual([
      { path: '$.bindings[].requirements[].markers', kind: 'removed', message: expect.stringContaining('markers') },
    ]);
  });

  it('flags a renamed field as removed, and as required when the new name is required', () => {
    const current = mutated((s) => {
      const item = requirementItem(s);
      item.properties.pin = item.properties.exact_pin;
      delete item.properties.exact_pin;
      item.required = item.required.map((name: string) => (name === 'exact_pin' ? 'pin' : name));
    });
    const violations = findAppendOnlyViolations(requirementsSchema, current);
    expect(violations.map((v) => [v.kind, v.path])).toEqual([
      ['removed', '$.bindings[].requirements[].exact_pin'],
      ['made_required', '$.bindings[].requirements[].pin'],
    ]);
  });

  it('flags a changed type', () => {
    const current = mutated((s) => (s.properties.bindings.items.properties.profile_version = { type: 'string' }));
    expect(findAppendOnlyViolations(requirementsSchema, current)).toEqual([
      { path: '$.bindings[].profile_version', kind: 'retyped', message: 'integer is no longer accepted (now string)' },
    ]);
  });

  it('flags a nullable field that no longer accepts null', () => {
    const current = mutated((s) => (s.properties.backend_key = { type: 'string' }));
    expect(findAppendOnlyViolations(requirementsSchema, current)).toEqual([
      { path: '$.backend_key', kind: 'retyped', message: 'null is no longer accepted (now string)' },
    ]);
  });

  it('flags an optional field made required', () => {
    const current = mutated((s) => s.required.push('backend_key'));
    expect(findAppendOnlyViolations(requirementsSchema, current)).toEqual([
      { path: '$.backend_key', kind: 'made_required', message: 'optional field "backend_key" is now required' },
    ]);
  });

  it('flags a new field added as required', () => {
    const current = mutated((s) => {
      s.properties.producer = { type: 'string' };
      s.required.push('producer');
    });
    expect(findAppendOnlyViolations(requirementsSchema, current).map((v) => [v.kind, v.path])).toEqual([
      ['made_required', '$.producer'],
    ]);
  });

  it('flags a narrowed enum as retyped, naming the dropped value', () => {
    const current = mutated((s) => (s.properties.validation_state.enum = ['resolved', 'unknown_profile', 'invalid_profile']));
    const violations = findAppendOnlyViolations(requirementsSchema, current);
    expect(violations).toEqual([
      { path: '$.validation_state', kind: 'retyped', message: expect.stringContaining('"profile_conflict"') },
    ]);
  });

  it('flags a free string restricted to an enum, a tightened bound and closed unknown fields', () => {
    const current = mutated((s) => {
      s.properties.model_id = { type: 'string', enum: ['a'] };
      s.properties.platform_key = { type: 'string', maxLength: 16 };
      s.additionalProperties = false;
    });
    expect(findAppendOnlyViolations(requirementsSchema, current).map((v) => [v.kind, v.path])).toEqual([
      ['retyped', '$.model_id'],
      ['retyped', '$.platform_key'],
      ['retyped', '$'],
    ]);
  });

  it('flags a union that lost a branch', () => {
    const current = mutated(
      (s) => (s.properties.bindings.items.properties.platform_selector = { anyOf: [{ type: 'string' }, { type: 'null' }] }),
    );
    expect(findAppendOnlyViolations(requirementsSchema, current)).toEqual([
      { path: '$.bindings[].platform_selector', kind: 'retyped', message: 'array is no longer accepted (now string | null)' },
    ]);
  });

  it('flags changed array items', () => {
    const current = mutated((s) => (s.properties.selected_binding_ids = { type: 'array', items: { type: 'integer' } }));
    const violations = findAppendOnlyViolations(requirementsSchema, current);
    expect(violations.map((v) => [v.kind, v.path])).toEqual([
      ['retyped', '$.selected_binding_ids[]'],
      ['retyped', '$.selected_binding_ids'],
    ]);
  });

  it('accepts a new optional field, a widened type, a grown enum and a new union branch', () => {
    const current = mutated((s) => {
      s.properties.producer_version = { type: 'string' };
      s.properties.bindings.items.properties.profile_version = { type: 'number' };
      s.properties.validation_state.enum.push('deprecated_profile');
      s.properties.model_id = { type: ['string', 'null'] };
    });
    expect(findAppendOnlyViolations(requirementsSchema, current)).toEqual([]);
  });

  it('judges real zod edits: an optional extension passes, a retype and a required field fail', () => {
    const frozen = contractJsonSchema(EnvironmentRefV1Schema);
    const extended = contractJsonSchema(EnvironmentRefV1Schema.extend({ gpu_arch: z.string().optional() }));
    expect(findAppendOnlyViolations(frozen, extended)).toEqual([]);
    const retyped = contractJsonSchema(EnvironmentRefV1Schema.extend({ env_ids: z.string().default('') }));
    expect(findAppendOnlyViolations(frozen, retyped).map((v) => [v.kind, v.path])).toEqual([['retyped', '$.env_ids']]);
    const required = contractJsonSchema(EnvironmentRefV1Schema.extend({ manifest_path: z.string() }));
    expect(findAppendOnlyViolations(frozen, required).map((v) => [v.kind, v.path])).toEqual([
      ['made_required', '$.manifest_path'],
    ]);
  });

  it('follows local $refs and stops on recursive schemas', () => {
    const tree = (valueType: string): Schema => ({
      $ref: '#/$defs/node',
      $defs: {
        node: {
          type: 'object',
          properties: { value: { type: valueType }, children: { type: 'array', items: { $ref: '#/$defs/node' } } },
        },
      },
    });
    expect(findAppendOnlyViolations(tree('string'), tree('string'))).toEqual([]);
    expect(findAppendOnlyViolations(tree('string'), tree('number')).map((v) => [v.kind, v.path])).toEqual([
      ['retyped', '$.value'],
    ]);
  });
});
