import { describe, expect, it } from 'vitest';
import { checkContractVersion } from '../../../src/core/contracts/versionGate.js';

describe('the contract version gate', () => {
  it('never throws on values JSON cannot render, and names them', () => {
    expect(checkContractVersion({ v: 1n }, 'v', true)?.message).toContain('1n');
    expect(checkContractVersion({ v: Symbol('x') }, 'v', true)?.code).toBe('unsupported_contract_version');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(checkContractVersion({ v: cyclic }, 'v', true)?.message).toContain('an object');
  });
});
