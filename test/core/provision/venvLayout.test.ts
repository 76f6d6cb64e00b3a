import { describe, expect, it } from 'vitest';
import { chooseVenvStrategy, venvCreateArgs, venvPythonPath } from '../../../src/core/provision/venvLayout.js';

describe('venv layout', () => {
  it('puts the interpreter in bin/python on POSIX and Scripts\\python.exe on Windows, spaces kept', () => {
    expect(venvPythonPath('/data dir/envs/abc', 'linux')).toBe('/data dir/envs/abc/bin/python');
    expect(venvPythonPath('/Users/me/envs/abc', 'darwin')).toBe('/Users/me/envs/abc/bin/python');
    expect(venvPythonPath('C:\\Users\\Me Too\\envs\\abc', 'win32')).toBe('C:\\Users\\Me Too\\envs\\abc\\Scripts\\python.exe');
  });

  it('drives the env with the base pip only from pip 22.3 on, comparing versions numerically', () => {
    expect(chooseVenvStrategy({ pipVersion: '22.3' })).toBe('base-pip');
    expect(chooseVenvStrategy({ pipVersion: '23.2.1' })).toBe('base-pip');
    expect(chooseVenvStrategy({ pipVersion: '100.0' })).toBe('base-pip');
    expect(chooseVenvStrategy({ pipVersion: '22.2.2' })).toBe('seeded');
    expect(chooseVenvStrategy({ pipVersion: '9.0.1' })).toBe('seeded');
    expect(chooseVenvStrategy({ pipVersion: null })).toBe('seeded');
  });

  it('creates the venv without pip only for the base-pip strategy', () => {
    expect(venvCreateArgs('/e', 'base-pip')).toEqual(['-m', 'venv', '--without-pip', '/e']);
    expect(venvCreateArgs('/e', 'seeded')).toEqual(['-m', 'venv', '/e']);
  });
});
