import { describe, expect, it } from 'vitest';
import {
  activatedEnvironment,
  activationChanges,
  environmentBinDir,
  environmentTerminalName,
  userShell,
} from '../../../src/core/interop/activation.js';

describe('activationChanges', () => {
  it('puts <env>/bin first on PATH and sets VIRTUAL_ENV on POSIX, dropping PYTHONHOME and a duplicate entry', () => {
    const envDir = '/data/envs/python/0123456789abcdef0123';
    const changes = activationChanges({
      envDir,
      pythonExecutable: `${envDir}/bin/python`,
      environmentKind: 'python-venv',
      platform: 'linux',
      parentEnv: { PATH: `/usr/bin:${envDir}/bin:/bin`, PYTHONHOME: '/opt/py', HOME: '/home/a' },
    });
    expect(changes.binDir).toBe(`${envDir}/bin`);
    expect(changes.set).toEqual({ PATH: `${envDir}/bin:/usr/bin:/bin`, VIRTUAL_ENV: envDir });
    expect(changes.unset).toEqual(['PYTHONHOME']);
  });

  it('uses Scripts, ";" and the existing Path spelling on Windows', () => {
    const envDir = 'C:\\Users\\a\\AppData\\Local\\pantograph\\envs\\python\\0123456789abcdef0123';
    const changes = activationChanges({
      envDir,
      pythonExecutable: `${envDir}\\Scripts\\python.exe`,
      environmentKind: 'python-venv',
      platform: 'win32',
      parentEnv: { Path: 'C:\\Windows;C:\\Windows\\System32', PythonHome: 'C:\\py' },
    });
    expect(changes.binDir).toBe(`${envDir}\\Scripts`);
    expect(changes.set).toEqual({ Path: `${envDir}\\Scripts;C:\\Windows;C:\\Windows\\System32`, VIRTUAL_ENV: envDir });
    expect(changes.unset).toEqual(['PythonHome']);
    expect(environmentBinDir('C:\\e', 'win32')).toBe('C:\\e\\Scripts');
  });

  it('for the python kind puts the interpreter folder first and sets no VIRTUAL_ENV (removing an inherited one)', () => {
    const changes = activationChanges({
      envDir: '/data/envs/python/k',
      pythonExecutable: '/opt/python3.12/bin/python3',
      environmentKind: 'python',
      platform: 'darwin',
      parentEnv: { PATH: '/usr/bin', VIRTUAL_ENV: '/elsewhere' },
    });
    expect(changes.set).toEqual({ PATH: '/opt/python3.12/bin:/usr/bin' });
    expect(changes.unset).toEqual(['VIRTUAL_ENV']);
  });

  it('activatedEnvironment applies the changes to a copy of the parent environment', () => {
    const parent = { PATH: '/usr/bin', PYTHONHOME: '/x', LANG: 'C' };
    const env = activatedEnvironment({
      envDir: '/e',
      pythonExecutable: '/e/bin/python',
      environmentKind: 'python-venv',
      platform: 'linux',
      parentEnv: parent,
    });
    expect(env).toEqual({ PATH: '/e/bin:/usr/bin', VIRTUAL_ENV: '/e', LANG: 'C' });
    expect(parent.PYTHONHOME).toBe('/x');
  });

  it('works with no PATH at all', () => {
    expect(
      activationChanges({
        envDir: '/e',
        pythonExecutable: '/e/bin/python',
        environmentKind: 'python-venv',
        platform: 'linux',
        parentEnv: {},
      }).set,
    ).toEqual({ PATH: '/e/bin', VIRTUAL_ENV: '/e' });
  });
});

describe('userShell and environmentTerminalName', () => {
  it('picks $SHELL, else /bin/sh; %COMSPEC% (any case), else cmd.exe', () => {
    expect(userShell({ SHELL: '/bin/zsh' }, 'linux')).toBe('/bin/zsh');
    expect(userShell({}, 'darwin')).toBe('/bin/sh');
    expect(userShell({ ComSpec: 'C:\\Windows\\system32\\cmd.exe' }, 'win32')).toBe('C:\\Windows\\system32\\cmd.exe');
    expect(userShell({ SHELL: '/bin/bash' }, 'win32')).toBe('cmd.exe');
  });

  it('names a terminal after the model and the short key', () => {
    expect(environmentTerminalName('demo-synth-runtime@1', '0123456789abcdef0123')).toBe(
      'Pantograph: demo-synth-runtime@1 (0123456789ab)',
    );
    expect(environmentTerminalName(null, '0123456789abcdef0123')).toBe('Pantograph: 0123456789ab');
  });
});
