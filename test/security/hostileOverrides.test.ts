/**
 * Hostile DependencyOverridePatchV1 patches through the REAL EnvironmentService.ensure: bad URLs,
 * option-shaped and escaping paths, wheel paths of the wrong kind, and python executables that are
 * not Python. Each ends `failed` with a stable code at the patch field's path; validation alone
 * decides without a process, a python_executable costs exactly one probe of that file, and no
 * environment, manifest or lock is ever written.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, writeFixtureWheel } from '../support/wheelFixtures.js';
import { payloadFor } from '../support/serviceHarness.js';
import { expectNoEnvironmentWritten, expectNothingWritten, expectRefused, freshHarness } from './support/hostileHarness.js';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let notAWheel: string;
let garbageScript: string;
const WHEEL = { name: 'sec-override-pkg', version: '1.0.0' };

beforeAll(async () => {
  temp = await makeTempDir('security overrides');
  wheelDir = join(temp.dir, 'wheel folder');
  await mkdir(wheelDir, { recursive: true });
  await writeFixtureWheel(wheelDir, WHEEL.name, WHEEL.version);
  notAWheel = join(temp.dir, 'notes.txt');
  await writeFile(notAWheel, 'not a wheel\n');
  garbageScript = join(temp.dir, 'fake python.sh');
  await writeFile(garbageScript, '#!/bin/sh\necho "Python 3.99 {not json at all"\necho garbage >&2\nexit 0\n');
  await chmod(garbageScript, 0o755);
});
afterAll(async () => temp.cleanup());

function patch(fields: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    contract_version: 1,
    binding_id: 'test-binding',
    scope: 'binding',
    fields,
    source: 'user',
    updated_at: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

function requirementPatch(fields: Record<string, unknown>): Record<string, unknown> {
  return patch(fields, { scope: 'requirement', requirement_name: WHEEL.name });
}

const request = (overrides: unknown[]) => ({ requirements: payloadFor([WHEEL]), overrides });
const FIELD = (name: string) => ['overrides', 0, 'fields', name];

describe('hostile override patches through EnvironmentService.ensure', () => {
  it.each([
    ['an ftp index_url', { index_url: 'ftp://evil.example/simple' }, 'url_scheme_not_allowed', FIELD('index_url')],
    ['a javascript index_url', { index_url: 'javascript:alert(1)' }, 'url_scheme_not_allowed', FIELD('index_url')],
    ['an ssh index_url', { index_url: 'ssh://git@evil.example/x' }, 'url_scheme_not_allowed', FIELD('index_url')],
    ['a file index_url escaping with ..', { index_url: 'file:///srv/wheels/../../etc' }, 'path_traversal', FIELD('index_url')],
    ['an index_url that is an option', { index_url: '--index-url=http://evil.example' }, 'invalid_url', FIELD('index_url')],
    [
      'an extra index URL with a newline',
      { extra_index_urls: ['https://ok.example/simple', 'https://ok.example\n--trusted-host=evil'] },
      'invalid_url',
      [...FIELD('extra_index_urls'), 1],
    ],
    [
      'a wheel_source_path that is an option',
      { wheel_source_path: '--find-links=/tmp' },
      'path_not_absolute',
      FIELD('wheel_source_path'),
    ],
    ['a relative wheel_source_path', { wheel_source_path: '../../etc' }, 'path_not_absolute', FIELD('wheel_source_path')],
    [
      'a wheel_source_path with a NUL byte',
      { wheel_source_path: '/tmp/wheels\u0000/evil' },
      'path_contains_nul',
      FIELD('wheel_source_path'),
    ],
    [
      'a missing wheel_source_path',
      { wheel_source_path: '/nonexistent/pantograph/wheels' },
      'path_not_found',
      FIELD('wheel_source_path'),
    ],
    ['a relative python_executable', { python_executable: 'python3; rm -rf /' }, 'path_not_absolute', FIELD('python_executable')],
    [
      'a missing python_executable',
      { python_executable: '/nonexistent/bin/python3' },
      'path_not_found',
      FIELD('python_executable'),
    ],
    [
      'a python_executable with a newline',
      { python_executable: '/usr/bin/python3\n-c' },
      'invalid_path',
      FIELD('python_executable'),
    ],
    ['no known field at all', { shell: 'rm -rf /' }, 'invalid_override', ['overrides', 0, 'fields']],
  ] as const)('refuses a binding patch with %s before any process or write', async (_label, fields, code, path) => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure(request([patch(fields)]));
    expectRefused(outcome, 'failed', code, path);
    expect(h.runner.count).toBe(0);
    await expectNothingWritten(h);
  });

  it('refuses a wheel_source_path that is a file but not a wheel', async () => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure(request([patch({ wheel_source_path: notAWheel })]));
    expectRefused(outcome, 'failed', 'invalid_path', FIELD('wheel_source_path'));
    expect(h.runner.count).toBe(0);
    await expectNothingWritten(h);
  });

  it('refuses a python_executable that is a directory', async () => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure(request([patch({ python_executable: wheelDir })]));
    expectRefused(outcome, 'failed', 'invalid_python_executable', FIELD('python_executable'));
    expect(h.runner.count).toBe(0);
    await expectNothingWritten(h);
  });

  it.each([
    [
      'a package_source_override that is a requirements-file option',
      { package_source_override: '-r /etc/passwd' },
      'path_not_absolute',
    ],
    ['a javascript package_source_override', { package_source_override: 'javascript:alert(1)' }, 'url_scheme_not_allowed'],
    [
      'a file package_source_override escaping with ..',
      { package_source_override: 'file:///srv/../etc/x.whl' },
      'path_traversal',
    ],
  ] as const)('refuses a requirement patch with %s', async (_label, fields, code) => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure(request([requirementPatch(fields)]));
    expectRefused(outcome, 'failed', code, FIELD('package_source_override'));
    expect(h.runner.count).toBe(0);
    await expectNothingWritten(h);
  });

  it.each([
    [
      'a future contract version',
      patch({ index_url: 'https://ok.example/simple' }, { contract_version: 2 }),
      'unsupported_contract_version',
      ['overrides', 0, 'contract_version'],
    ],
    [
      'a source other than the user',
      patch({ index_url: 'https://ok.example/simple' }, { source: 'workflow-author' }),
      'invalid_override',
      ['overrides', 0, 'source'],
    ],
    [
      'an unknown binding',
      patch({ index_url: 'https://ok.example/simple' }, { binding_id: '../other' }),
      'unknown_binding_id',
      ['overrides', 0, 'binding_id'],
    ],
    [
      'python_executable at requirement scope',
      requirementPatch({ python_executable: '/usr/bin/python3' }),
      'invalid_override',
      FIELD('python_executable'),
    ],
    [
      'a requirement scope naming no requirement of the binding',
      patch({ package_source_override: '/tmp/x.whl' }, { scope: 'requirement', requirement_name: 'not-there' }),
      'invalid_override',
      ['overrides', 0, 'requirement_name'],
    ],
    ['a non-object', 'rm -rf /', 'invalid_override', ['overrides', 0]],
  ] as const)('refuses a patch with %s', async (_label, hostile, code, path) => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure(request([hostile]));
    expectRefused(outcome, 'failed', code, path);
    expect(h.runner.count).toBe(0);
    await expectNothingWritten(h);
  });

  it('leaves Object.prototype untouched by a patch carrying __proto__ and constructor keys', async () => {
    const h = freshHarness(temp.dir);
    const hostile = JSON.parse(
      '{"contract_version":1,"binding_id":"test-binding","scope":"binding","source":"user","updated_at":"2026-01-01T00:00:00Z","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"fields":{"__proto__":{"index_url":"ftp://evil.example"},"index_url":"ftp://evil.example/simple"}}',
    ) as unknown;
    const outcome = await h.service.ensure(request([hostile]));
    expectRefused(outcome, 'failed', 'url_scheme_not_allowed', FIELD('index_url'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    await expectNothingWritten(h);
  });

  it.each([
    ['/bin/echo', () => '/bin/echo'],
    ['a shell script printing garbage', () => garbageScript],
  ])('refuses %s as python_executable after exactly one probe of it, writing no environment', async (_label, executable) => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure(request([patch({ python_executable: executable(), wheel_source_path: wheelDir })]));
    expect(outcome.state).toBe('failed');
    expect(outcome.errors[0]?.code).toBe('invalid_python_executable');
    expect(outcome.ref).toBeNull();
    expect(h.runner.calls.map((c) => c.file)).toEqual([executable()]);
    await expectNoEnvironmentWritten(h);
  });

  it('accepts a wheel_source_path that is a directory of wheels (the control case) and installs from it', async () => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure(request([patch({ wheel_source_path: wheelDir })]));
    expect(outcome.errors).toEqual([]);
    expect(outcome.state).toBe('ready');
    expect(outcome.installed).toBe(true);
    // The venv is created (one process); the offline pins are resolved and linked in-process.
    expect(h.runner.calls.filter((c) => c.args.includes('venv'))).toHaveLength(1);
  });
});
