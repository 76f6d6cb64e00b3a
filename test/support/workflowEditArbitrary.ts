/** fast-check arbitraries for workflow edit batches, shared by the core and host property tests. */
import fc from 'fast-check';

const ids = fc.constantFrom('lib', 'env', 'prompt', 'audio', 'new', 'ghost', '__proto__', '');
const ports = fc.constantFrom(
  'text',
  'prompt',
  'model_path',
  'environment_ref',
  'dependency_requirements',
  'status',
  'audio',
  'nope',
);
const nodeTypes = fc.constantFrom(
  'text-input',
  'puma-lib',
  'dependency-environment',
  'audio-generation',
  'pytorch-inference',
  'mystery',
);
const position = fc.record({ x: fc.double(), y: fc.double() });
const dataPath = fc.array(fc.oneof(fc.constantFrom('seed', 'a', 'b', '__proto__', 'constructor'), fc.nat(3)), { maxLength: 4 });

/**
 * Mostly well-typed edits (to reach deep code paths) mixed with arbitrary junk, against the node
 * ids of `test/core/workflow/fixtures.ts`'s `audioWorkflow` (plus ids it lacks).
 */
export const editArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    kind: fc.constant('add_node'),
    node: fc.record({
      id: ids,
      node_type: nodeTypes,
      position,
      data: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }),
    }),
  }),
  fc.record({ kind: fc.constant('remove_node'), node_id: ids }),
  fc.record({ kind: fc.constant('move_node'), node_id: ids, position }),
  fc.record({
    kind: fc.constant('set_node_data'),
    node_id: ids,
    path: dataPath,
    value: fc.option(fc.jsonValue(), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('connect'),
    edge: fc.record({ source: ids, source_handle: ports, target: ids, target_handle: ports }),
  }),
  fc.record({ kind: fc.constant('disconnect'), edge_id: fc.string() }),
  fc.record({ kind: fc.constant('set_mode'), node_id: ids, mode: fc.constantFrom('auto', 'manual', 'other') }),
  fc.record({
    kind: fc.constant('remove_override_patch'),
    node_id: ids,
    binding_id: fc.string(),
    scope: fc.constantFrom('binding', 'requirement'),
  }),
  fc.record({
    kind: fc.constant('set_metadata'),
    metadata: fc.dictionary(fc.constantFrom('name', 'description', 'modified', 'x'), fc.option(fc.string(), { nil: null })),
  }),
  fc.record({
    kind: fc.constant('set_viewport'),
    viewport: fc.option(fc.record({ x: fc.double(), y: fc.double(), zoom: fc.double() }), { nil: null }),
  }),
  fc.anything(),
);
