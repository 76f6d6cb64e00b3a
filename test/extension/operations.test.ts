import { describe, expect, it } from 'vitest';
import { OperationRegistry } from '../../src/extension/operations.js';

describe('OperationRegistry', () => {
  it('cancels only the operations matching the filter', () => {
    const registry = new OperationRegistry();
    const a = registry.start('ensure', 'file:///a', 'ensure env', 'env');
    const b = registry.start('run', 'file:///b', 'run b');
    expect(registry.cancel({ documentUri: 'file:///a' })).toBe(1);
    expect(a.operation.controller.signal.aborted).toBe(true);
    expect(b.operation.controller.signal.aborted).toBe(false);
  });

  it('forgets finished operations and tells listeners', () => {
    const registry = new OperationRegistry();
    let changes = 0;
    registry.onDidChange(() => changes++);
    const op = registry.start('ensure', 'file:///a', 'x', 'env');
    expect(registry.isRunning('ensure', 'file:///a', 'env')).toBe(true);
    op.done();
    op.done();
    expect(registry.list()).toEqual([]);
    expect(changes).toBe(2);
  });

  it('aborts everything on a bare cancel (deactivation)', () => {
    const registry = new OperationRegistry();
    const ops = [registry.start('ensure', 'u', 'x'), registry.start('run', 'u', 'y')];
    expect(registry.cancel()).toBe(2);
    expect(ops.every((o) => o.operation.controller.signal.aborted)).toBe(true);
  });
});
