import { describe, expect, it } from 'vitest';
import type { BindingV1, DependencyRequirementsV1 } from '../../../src/core/contracts/requirements.js';
import { selectBindings } from '../../../src/core/requirements/bindingSelection.js';

function binding(id: string): BindingV1 {
  return {
    binding_id: id,
    profile_id: id,
    profile_version: 1,
    validation_state: 'resolved',
    validation_errors: [],
    requirements: [],
  };
}

function payload(ids: string[], selected?: string[] | null): DependencyRequirementsV1 {
  return {
    model_id: 'm',
    platform_key: 'linux-x86_64',
    dependency_contract_version: 1,
    validation_state: 'resolved',
    validation_errors: [],
    selected_binding_ids: selected,
    bindings: ids.map(binding),
  };
}

const ids = (bindings: BindingV1[]) => bindings.map((b) => b.binding_id);

describe('selectBindings', () => {
  it('selects all bindings sorted by id when nothing is requested', () => {
    const result = selectBindings(payload(['c', 'a', 'b']));
    expect(ids(result.bindings)).toEqual(['a', 'b', 'c']);
    expect(result.errors).toEqual([]);
  });

  it("uses the payload's selected_binding_ids when there are no explicit ids", () => {
    expect(ids(selectBindings(payload(['a', 'b', 'c'], ['c', 'b'])).bindings)).toEqual(['b', 'c']);
    expect(ids(selectBindings(payload(['a', 'b', 'c'], ['c']), []).bindings)).toEqual(['c']);
    expect(ids(selectBindings(payload(['a', 'b'], []), null).bindings)).toEqual(['a', 'b']);
  });

  it('prefers explicit ids over the payload selection', () => {
    expect(ids(selectBindings(payload(['a', 'b', 'c'], ['c']), ['a']).bindings)).toEqual(['a']);
  });

  it('drops unknown ids and reports each once with its position', () => {
    const result = selectBindings(payload(['a', 'b']), ['zz', 'b', 'zz', 'a']);
    expect(ids(result.bindings)).toEqual(['a', 'b']);
    expect(result.unknownIds).toEqual(['zz']);
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([['unknown_binding_id', ['selected_binding_ids', 0]]]);
  });

  it('does not fall back to all bindings when every requested id is unknown', () => {
    const result = selectBindings(payload(['a', 'b'], ['a']), ['nope']);
    expect(result.bindings).toEqual([]);
    expect(result.errors.map((e) => e.code)).toEqual(['unknown_binding_id', 'no_dependency_bindings']);
  });

  it('reports no_dependency_bindings for a payload without bindings', () => {
    const result = selectBindings(payload([]));
    expect(result.bindings).toEqual([]);
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([['no_dependency_bindings', ['bindings']]]);
  });

  it('does not mutate the payload', () => {
    const p = payload(['c', 'a']);
    selectBindings(p);
    expect(ids(p.bindings)).toEqual(['c', 'a']);
  });
});
