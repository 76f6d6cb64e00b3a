/**
 * Hostile DependencyRequirementsV1 payloads through the REAL EnvironmentService.ensure (offline
 * harness): every one is refused with a stable code at the offending path, before any process
 * starts and before anything is written to the data dir.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/wheelFixtures.js';
import { payloadFor } from '../support/serviceHarness.js';
import { expectNothingWritten, expectRefused, freshHarness, progressRecorder } from './support/hostileHarness.js';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  temp = await makeTempDir('security requirements');
});
afterAll(async () => temp.cleanup());

type Mutable = Record<string, unknown>;

/** A valid one-requirement payload with `mutate` applied to its first requirement. */
function withRequirement(mutate: (req: Mutable) => void): unknown {
  const payload = structuredClone(payloadFor([{ name: 'safe-package', version: '1.0.0' }])) as unknown as {
    bindings: { requirements: Mutable[] }[];
  };
  mutate(payload.bindings[0]!.requirements[0]!);
  return payload;
}

/** A valid payload with `mutate` applied to its first binding. */
function withBinding(mutate: (binding: Mutable) => void): unknown {
  const payload = structuredClone(payloadFor([{ name: 'safe-package', version: '1.0.0' }])) as unknown as { bindings: Mutable[] };
  mutate(payload.bindings[0]!);
  return payload;
}

const REQ = ['bindings', 0, 'requirements', 0] as const;
const HUGE = 'a'.repeat(100_000);

const HOSTILE_NAMES: readonly [string, string, string][] = [
  ['an index-url option', '--index-url=http://evil.example/simple', 'invalid_package_name'],
  ['an extra-index-url option', '--extra-index-url', 'invalid_package_name'],
  ['an editable flag', '-e', 'invalid_package_name'],
  ['a requirements-file option', '-r /etc/passwd', 'invalid_package_name'],
  ['a semicolon command', 'requests; rm -rf /', 'invalid_package_name'],
  ['a pipe', 'requests|sh', 'invalid_package_name'],
  ['a command substitution', '$(touch /tmp/pwned)', 'invalid_package_name'],
  ['backticks', '`id`', 'invalid_package_name'],
  ['a newline smuggling an option', 'requests\n--index-url=http://evil.example', 'invalid_package_name'],
  ['a NUL byte', 'requests\u0000evil', 'invalid_package_name'],
  ['a direct reference', 'requests @ http://evil.example/x.whl', 'invalid_package_name'],
  ['100 kB of text', HUGE, 'string_too_long'],
];

const HOSTILE_PINS: readonly [string, string, string][] = [
  ['a semicolon command', '==1.0.0; rm -rf /', 'invalid_pin'],
  ['a pipe', '==1.0.0|sh', 'invalid_pin'],
  ['a command substitution', '==$(id)', 'invalid_pin'],
  ['backticks', '==`id`', 'invalid_pin'],
  ['a newline smuggling an option', '==1.0.0\n--index-url=http://evil.example', 'invalid_pin'],
  ['a NUL byte', '==1.0.0\u0000', 'invalid_pin'],
  ['an option instead of a pin', '--pre', 'invalid_pin'],
  ['a range instead of a pin', '>=1.0', 'invalid_pin'],
  ['100 kB of text', `==${HUGE}`, 'string_too_long'],
];

const HOSTILE_URLS: readonly [string, string, string][] = [
  ['an ftp URL', 'ftp://evil.example/simple', 'url_scheme_not_allowed'],
  ['a javascript URL', 'javascript:alert(1)', 'url_scheme_not_allowed'],
  ['an ssh URL', 'ssh://git@evil.example/repo', 'url_scheme_not_allowed'],
  ['a file URL escaping with ..', 'file:///tmp/wheels/../../etc/passwd', 'path_traversal'],
  ['a file URL escaping with encoded ..', 'file:///tmp/wheels/%2e%2e/%2E%2E/etc', 'path_traversal'],
  ['an option in place of a URL', '--index-url=http://evil.example', 'invalid_url'],
  ['a URL with a newline', 'https://ok.example/simple\n--trusted-host evil', 'invalid_url'],
  ['a URL with a NUL byte', 'https://ok.example/\u0000', 'invalid_url'],
  ['100 kB of URL', `https://x.example/${HUGE}`, 'string_too_long'],
];

describe('hostile requirement payloads through EnvironmentService.ensure', () => {
  it.each(HOSTILE_NAMES)(
    'refuses a package name that is %s before starting any process or writing anything',
    async (_label, name, code) => {
      const h = freshHarness(temp.dir);
      const recorder = progressRecorder();
      const outcome = await h.service.ensure(
        { requirements: withRequirement((r) => (r.name = name)) },
        { onProgress: recorder.onProgress },
      );
      expectRefused(outcome, 'failed', code, [...REQ, 'name']);
      expect(h.runner.count).toBe(0);
      await expectNothingWritten(h);
      expect(recorder.events.map((e) => e.phase)).toEqual(['resolve', 'done']);
    },
  );

  it.each(HOSTILE_PINS)(
    'refuses an exact_pin that is %s before starting any process or writing anything',
    async (_label, pin, code) => {
      const h = freshHarness(temp.dir);
      const outcome = await h.service.ensure({ requirements: withRequirement((r) => (r.exact_pin = pin)) });
      expectRefused(outcome, 'failed', code, [...REQ, 'exact_pin']);
      expect(h.runner.count).toBe(0);
      await expectNothingWritten(h);
    },
  );

  it.each(HOSTILE_URLS)('refuses a requirement index_url that is %s', async (_label, url, code) => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure({ requirements: withRequirement((r) => (r.index_url = url)) });
    expectRefused(outcome, 'failed', code, [...REQ, 'index_url']);
    expect(h.runner.count).toBe(0);
    await expectNothingWritten(h);
  });

  it.each(HOSTILE_URLS)('refuses an extra_index_urls entry that is %s', async (_label, url, code) => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure({
      requirements: withRequirement((r) => (r.extra_index_urls = ['https://ok.example/simple', url])),
    });
    expectRefused(outcome, 'failed', code, [...REQ, 'extra_index_urls', 1]);
    expect(h.runner.count).toBe(0);
    await expectNothingWritten(h);
  });

  it.each([
    ['a slash', 'python-venv:a/b:1', 'invalid_env_id'],
    ['a backslash', 'python-venv:a\\b:1', 'invalid_env_id'],
    ['a parent segment', '..', 'invalid_env_id'],
    ['an embedded parent segment', 'python-venv:..:1', 'invalid_env_id'],
    ['a newline', 'python-venv:a\nb', 'invalid_env_id'],
    ['a NUL byte', 'python-venv:a\u0000', 'invalid_env_id'],
    ['100 kB of text', HUGE, 'string_too_long'],
  ])('refuses an env_id with %s', async (_label, envId, code) => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure({ requirements: withBinding((b) => (b.env_id = envId)) });
    expectRefused(outcome, 'failed', code, ['bindings', 0, 'env_id']);
    expect(h.runner.count).toBe(0);
    await expectNothingWritten(h);
  });

  it.each([
    [
      'markers with a newline',
      (r: Mutable): void => {
        r.markers = 'sys_platform == "linux"\n--index-url http://evil.example';
      },
      'invalid_payload',
      'markers',
    ],
    [
      'a wheel source that is an option',
      (r: Mutable): void => {
        r.source = '--find-links=/tmp/evil.whl';
      },
      'path_not_absolute',
      'source',
    ],
    [
      'a wheel source over ftp',
      (r: Mutable): void => {
        r.source = 'ftp://evil.example/pkg-1.0.0-py3-none-any.whl';
      },
      'url_scheme_not_allowed',
      'source',
    ],
    [
      'a hash that is not sha256',
      (r: Mutable): void => {
        r.hashes = ['md5:d41d8cd98f00b204e9800998ecf8427e'];
      },
      'invalid_payload',
      'hashes',
    ],
    [
      'a requirement kind other than python_package',
      (r: Mutable): void => {
        r.kind = 'shell_command';
      },
      'invalid_payload',
      'kind',
    ],
  ] as const)('refuses a requirement with %s', async (_label, mutate, code, field) => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure({ requirements: withRequirement(mutate) });
    expectRefused(outcome, 'failed', code, [...REQ, field]);
    expect(h.runner.count).toBe(0);
    await expectNothingWritten(h);
  });

  it('reports every hostile field of one payload at once, each at its own path', async () => {
    const h = freshHarness(temp.dir);
    const payload = withRequirement((r) => {
      r.name = '-e';
      r.exact_pin = '==$(id)';
      r.index_url = 'javascript:alert(1)';
    });
    (payload as { bindings: Mutable[] }).bindings[0]!.env_id = '../escape';
    const outcome = await h.service.ensure({ requirements: payload });
    expect(outcome.state).toBe('failed');
    expect(outcome.errors.map((e) => e.code).sort()).toEqual([
      'invalid_env_id',
      'invalid_package_name',
      'invalid_pin',
      'url_scheme_not_allowed',
    ]);
    expect(h.runner.count).toBe(0);
    await expectNothingWritten(h);
  });

  it.each([
    ['null', null],
    ['a string', 'not a payload'],
    ['an array', [1, 2, 3]],
    [
      'a future contract version',
      { ...payloadFor([{ name: 'safe-package', version: '1.0.0' }]), dependency_contract_version: 2 },
    ],
    [
      'a payload whose bindings is an object',
      { ...payloadFor([{ name: 'safe-package', version: '1.0.0' }]), bindings: { 0: 'x' } },
    ],
  ])('refuses a requirements payload that is %s without throwing', async (_label, requirements) => {
    const h = freshHarness(temp.dir);
    const outcome = await h.service.ensure({ requirements });
    expect(outcome.state).toBe('failed');
    expect(['invalid_payload', 'unsupported_contract_version']).toContain(outcome.errors[0]?.code);
    expect(h.runner.count).toBe(0);
    await expectNothingWritten(h);
  });
});
