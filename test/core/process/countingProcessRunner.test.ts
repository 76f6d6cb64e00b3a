import { describe, expect, it } from 'vitest';
import { CountingProcessRunner } from '../../../src/core/process/countingProcessRunner.js';
import { ExecaProcessRunner } from '../../../src/core/process/execaProcessRunner.js';
import { anyPython3 } from '../python/realInterpreters.js';

describe('CountingProcessRunner', () => {
  it('records each started program with its arguments and returns the inner result', async () => {
    const python = anyPython3();
    const counting = new CountingProcessRunner(new ExecaProcessRunner());
    expect(counting.count).toBe(0);
    const first = await counting.run({ file: python, args: ['-c', 'print(6 * 7)'], env: {} });
    await counting.run({ file: python, args: ['-c', 'pass'], env: {} });
    expect(first.stdout.trim()).toBe('42');
    expect(counting.count).toBe(2);
    expect(counting.calls).toEqual([
      { file: python, args: ['-c', 'print(6 * 7)'] },
      { file: python, args: ['-c', 'pass'] },
    ]);
  });

  it('starts counting from zero again after reset', async () => {
    const counting = new CountingProcessRunner(new ExecaProcessRunner());
    await counting.run({ file: anyPython3(), args: ['-c', 'pass'], env: {} });
    counting.reset();
    expect(counting.count).toBe(0);
    expect(counting.calls).toEqual([]);
  });
});
