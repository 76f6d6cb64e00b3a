// @vitest-environment jsdom
import type { NodeProps } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { nodeComponents, sameNodeProps } from '../../src/webview/components/nodeComponents.js';
import type { WorkflowFlowNode } from '../../src/webview/flow/toFlowElements.js';

const props = (extra: Partial<NodeProps<WorkflowFlowNode>> = {}): NodeProps<WorkflowFlowNode> =>
  ({
    id: 'n1',
    type: 'text-input',
    data: DATA,
    selected: false,
    dragging: false,
    positionAbsoluteX: 0,
    positionAbsoluteY: 0,
    width: 222,
    height: 133,
    zIndex: 0,
    ...extra,
  }) as NodeProps<WorkflowFlowNode>;
const DATA = { nodeType: 'text-input', data: { text: 'a' } };

describe('node components', () => {
  it('skip re-rendering for what React Flow changes on a measurement or a drag step', () => {
    expect(sameNodeProps(props(), props({ positionAbsoluteX: 40, positionAbsoluteY: 9, width: 230, height: 140 }))).toBe(true);
    expect(sameNodeProps(props(), props({ dragging: true, zIndex: 1000 }))).toBe(true);
  });

  it('re-render when the node, its data or its selection changes', () => {
    expect(sameNodeProps(props(), props({ selected: true }))).toBe(false);
    expect(sameNodeProps(props(), props({ data: { ...DATA } }))).toBe(false);
    expect(sameNodeProps(props(), props({ id: 'n2' }))).toBe(false);
  });

  it('are all memoized with that comparison', () => {
    for (const component of Object.values(nodeComponents)) {
      const memoized = component as unknown as { $$typeof: symbol; compare: unknown };
      expect(memoized.$$typeof).toBe(Symbol.for('react.memo'));
      expect(memoized.compare).toBe(sameNodeProps);
    }
  });
});
