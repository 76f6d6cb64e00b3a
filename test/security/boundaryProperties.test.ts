/**
 * Property tests at the two remaining boundaries: the webview ↔ host message parsers, and the pip
 * argument builder fed only with input that passed the real boundary validation
 * (resolveEnvironmentRequest). Messages: nothing throws, every rejection is `invalid_message` with
 * a path array. Pip: nothing throws on validated input, and no argv element that came from a
 * package name, pin, marker, URL or path can be read by pip as an option.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES } from '../../src/core/errors/errorCodes.js';
import { COMMANDS, NOTIFICATIONS, REQUESTS } from '../../src/core/protocol/editorProtocol.js';
import { parseHostMessage, parseWebviewMessage } from '../../src/core/protocol/envelope.js';
import { resolveEnvironmentRequest } from '../../src/core/environment/resolveRequest.js';
import { installPlanFromBindings } from '../../src/core/provision/installPlan.js';
import { buildPipInstallArgs } from '../../src/core/provision/pipArguments.js';
import { payloadFor } from '../support/serviceHarness.js';

const methods = [...Object.keys(COMMANDS), ...Object.keys(REQUESTS), ...Object.keys(NOTIFICATIONS)];
const anything = fc.anything({
  withBigInt: true,
  withNullPrototype: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withSparseArray: true,
});
const envelope = fc.record(
  {
    type: fc.oneof(fc.constantFrom('command', 'request', 'notification', 'response'), anything),
    id: fc.oneof(fc.nat(), fc.integer(), fc.double(), anything),
    method: fc.oneof(fc.constantFrom(...methods), fc.string(), anything),
    params: fc.oneof(
      fc.jsonValue(),
      fc.dictionary(
        fc.constantFrom('nodeId', 'baseVersion', 'edits', 'text', 'patch', 'version', 'document', 'errors'),
        fc.jsonValue(),
      ),
      anything,
    ),
    result: fc.jsonValue(),
    error: fc.oneof(fc.record({ code: fc.string(), message: fc.string(), path: fc.array(fc.string()) }), anything),
  },
  { requiredKeys: [] },
);
const message = fc.oneof(envelope, fc.jsonValue(), anything);

describe('message parser properties', () => {
  it.each([
    ['parseWebviewMessage', parseWebviewMessage],
    ['parseHostMessage', parseHostMessage],
  ] as const)('%s never throws and every rejection is one invalid_message with a path array', (_name, parse) => {
    fc.assert(
      fc.property(message, (raw) => {
        const result = parse(raw);
        if (result.ok) return;
        expect(result.errors).toHaveLength(1);
        expect(result.errors[0]!.code).toBe('invalid_message');
        expect(ALL_ERROR_CODES).toContain(result.errors[0]!.code);
        expect(Array.isArray(result.errors[0]!.path)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

const DEFAULT_INDEX = 'https://pypi.example/simple';
/** Flags pip receives from the builder, and which of them take a value. */
const FLAGS = new Set(['--no-input', '--disable-pip-version-check', '--no-index', '--require-hashes']);
const FLAGS_WITH_VALUE = new Set(['--progress-bar', '--index-url', '--extra-index-url', '--find-links', '-r']);

const nameLike = fc.oneof(
  { arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,12}[A-Za-z0-9]$/), weight: 12 },
  fc.string({ maxLength: 20 }),
  fc.constantFrom('-e', '--index-url=http://evil', '-r req.txt', 'a;b', '$(id)', 'a\nb', '--pre', 'Foo__Bar', 'x.-y'),
);
const pinLike = fc.oneof(
  { arbitrary: fc.constantFrom('==1.0.0', '==2.5.1+cu121', '==0.1.dev3', '==1!2.0', '==3.0rc1.post2'), weight: 10 },
  fc.constantFrom('==1.0.0; id', '==-1', '== 1.0', '=== 1'),
  fc.string({ maxLength: 12 }).map((s) => `==${s}`),
);
const urlLike = fc.oneof(
  { arbitrary: fc.webUrl(), weight: 6 },
  fc.constantFrom(
    'https://u:p@mirror.example/simple',
    'file:///srv/wheels',
    'file:///srv/../etc',
    '--index-url=http://evil',
    'ftp://x/y',
    'http://-evil/',
  ),
  fc.string({ maxLength: 20 }),
);
const requirement = fc.record(
  {
    name: nameLike,
    exact_pin: pinLike,
    index_url: fc.option(urlLike),
    extra_index_urls: fc.option(fc.array(urlLike, { maxLength: 2 })),
    markers: fc.option(
      fc.oneof(
        { arbitrary: fc.constantFrom('sys_platform == "linux"', 'python_version >= "3.8"'), weight: 4 },
        fc.string({ maxLength: 20 }),
      ),
    ),
    hashes: fc.option(
      fc.array(fc.oneof({ arbitrary: fc.stringMatching(/^sha256:[0-9a-f]{64}$/), weight: 6 }, fc.string({ maxLength: 10 })), {
        maxLength: 2,
      }),
    ),
    source: fc.option(
      fc.oneof(
        fc.constantFrom(
          '/wheels/pkg-1.0-py3-none-any.whl',
          'https://files.example/pkg-1.0-py3-none-any.whl',
          '-r x.whl',
          'provenance text',
        ),
        fc.string({ maxLength: 20 }),
      ),
    ),
  },
  { requiredKeys: ['name', 'exact_pin'] },
);

function checkArgv(args: readonly string[]): void {
  expect(args[0]).toBe('install');
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    expect(arg).not.toMatch(/[\r\n\0]/);
    if (FLAGS.has(arg)) continue;
    if (FLAGS_WITH_VALUE.has(arg)) {
      i += 1;
      expect(args[i], `value of ${arg}`).toBeDefined();
      expect(args[i]!.startsWith('-'), `value of ${arg}: ${args[i]}`).toBe(false);
      continue;
    }
    expect(arg.startsWith('-'), `positional argument ${JSON.stringify(arg)}`).toBe(false);
    expect(arg).toMatch(/^[a-z0-9]/);
  }
}

describe('pip argument properties on validated input', () => {
  it('never throws and never turns a name, pin, URL or path into an option', () => {
    let built = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(requirement, {
          minLength: 1,
          maxLength: 3,
          selector: (r) => r.name.toLowerCase().replace(/[-_.]+/g, '-'),
        }),
        (requirements) => {
          const payload = structuredClone(payloadFor([{ name: 'base-pkg', version: '1.0.0' }])) as unknown as {
            bindings: { requirements: unknown[] }[];
          };
          payload.bindings[0]!.requirements = requirements.map((r) => ({ kind: 'python_package', ...r }));
          const resolved = resolveEnvironmentRequest(
            { requirements: payload },
            { defaultIndexUrl: DEFAULT_INDEX, availablePythonVersions: null },
          );
          if (resolved.status !== 'resolved') return;
          built += 1;
          const plan = installPlanFromBindings(resolved.request.bindings, DEFAULT_INDEX);
          checkArgv(buildPipInstallArgs(plan, { requirementsFile: '/tmp/pantograph requirements.txt' }));
        },
      ),
      { numRuns: 600 },
    );
    expect(built).toBeGreaterThan(20);
  });
});
