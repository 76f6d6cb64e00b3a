import { describe, expect, it } from 'vitest';
import { installDirVersion, parsePyLauncherList } from '../../../src/core/python/windowsPythonLocator.js';

describe('parsePyLauncherList', () => {
  it('reads the current py -0p format, default marker included', () => {
    const output = [
      ' -V:3.12 *        C:\\Users\\Ada Lovelace\\AppData\\Local\\Programs\\Python\\Python312\\python.exe',
      ' -V:3.11          C:\\Python311\\python.exe',
      ' -V:ContinuumAnalytics/Anaconda39-64 C:\\Users\\ada\\anaconda3\\python.exe',
      '',
    ].join('\r\n');
    expect(parsePyLauncherList(output)).toEqual([
      'C:\\Users\\Ada Lovelace\\AppData\\Local\\Programs\\Python\\Python312\\python.exe',
      'C:\\Python311\\python.exe',
      'C:\\Users\\ada\\anaconda3\\python.exe',
    ]);
  });

  it('reads the older format and ignores headers and entries without a path', () => {
    const output = [
      'Installed Pythons found by py Launcher for Windows',
      ' -3.9-64        C:\\Python39\\python.exe *',
      ' -3.8-32 *',
      ' -V:3.13 [Store]',
    ].join('\n');
    expect(parsePyLauncherList(output)).toEqual(['C:\\Python39\\python.exe *']);
  });
});

describe('installDirVersion', () => {
  it('turns install folder names into versions', () => {
    expect(['Python312', 'Python39-32', 'Python313t', 'Launcher'].map(installDirVersion)).toEqual([
      '3.12',
      '3.9',
      '3.13',
      'Launcher',
    ]);
  });
});
