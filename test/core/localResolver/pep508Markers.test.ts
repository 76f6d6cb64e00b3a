import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { evaluateMarker, parseMarker } from '../../../src/core/localResolver/pep508Markers.js';
import { buildChildEnvironment } from '../../../src/core/process/childEnvironment.js';
import { basePythonExecutable, probeFacts } from '../../support/python.js';

/** Markers as real Requires-Dist lines and requirement files write them. */
const MARKERS = [
  'python_version >= "3.8"',
  'python_version < "3.8"',
  "python_version<'3.12'",
  'python_full_version >= "3.11.7" and python_full_version < "3.12"',
  'python_version == "3.*"',
  'python_version != "3.11.*"',
  'python_version ~= "3.10"',
  '"3.9" < python_version',
  'sys_platform == "linux"',
  'sys_platform == "win32" or sys_platform == "darwin"',
  'sys_platform != "win32" and (platform_machine == "x86_64" or platform_machine == "aarch64")',
  'platform_system == "Linux" and platform_machine != "arm64"',
  'os_name == "nt"',
  'implementation_name == "cpython"',
  'platform_python_implementation == "PyPy"',
  'python_implementation == "CPython"',
  'os.name == "posix"',
  '"linux" in sys_platform',
  '"win" not in sys_platform',
  'extra == "test"',
  'extra == "Dev_Tools" or python_version >= "3"',
  'python_version >= "3.9" and extra == "docs"',
  '(python_version < "3.10") and (sys_platform == "linux")',
  'implementation_version >= "3.11"',
  'platform_machine > "a"',
];

/** packaging's own answers (pip's vendored copy) for MARKERS, in the base interpreter, with extra "". */
function packagingAnswers(): boolean[] {
  const script = [
    'import json, sys',
    'from pip._vendor.packaging.markers import Marker',
    'markers = json.loads(sys.stdin.read())',
    "print(json.dumps([Marker(m).evaluate({'extra': ''}) for m in markers]))",
  ].join('\n');
  const out = execFileSync(basePythonExecutable(), ['-I', '-c', script], {
    input: JSON.stringify(MARKERS),
    encoding: 'utf8',
    env: buildChildEnvironment(process.env, process.platform) as NodeJS.ProcessEnv,
  });
  return JSON.parse(out) as boolean[];
}

describe('evaluateMarker', () => {
  it('agrees with packaging on every marker it answers, and answers all of these', () => {
    const environment = { ...probeFacts(basePythonExecutable()).markerEnvironment, extra: '' };
    const ours = MARKERS.map((m) => evaluateMarker(m, environment));
    expect(ours).toEqual(packagingAnswers());
  });

  it('says "cannot say" instead of guessing', () => {
    const environment = {
      python_version: '3.11',
      python_full_version: '3.13.0rc1',
      platform_release: '6.1.0-18-amd64',
      extra: '',
    };
    expect(evaluateMarker('unknown_variable == "x"', environment)).toBeNull();
    expect(evaluateMarker('platform_release >= "5.0"', environment)).toBeNull();
    expect(evaluateMarker('python_full_version >= "3.13"', environment)).toBeNull();
    // …but a clause that settles the answer settles it.
    expect(evaluateMarker('python_version < "3" and unknown_variable == "x"', environment)).toBe(false);
    expect(evaluateMarker('python_version >= "3" or unknown_variable == "x"', environment)).toBe(true);
  });

  it('rejects what is not marker syntax', () => {
    for (const bad of [
      '',
      'python_version',
      'python_version >=',
      '(python_version > "3"',
      'python_version > "3" and',
      '"a" "b"',
      'x = "1"',
    ])
      expect(parseMarker(bad), bad).toBeNull();
    expect(evaluateMarker('python_version >= "3" )', { python_version: '3.11' })).toBeNull();
  });
});
