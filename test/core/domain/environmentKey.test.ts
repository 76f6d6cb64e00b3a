import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/domain/canonicalJson.js';
import { ENVIRONMENT_KEY_VERSION, computeEnvironmentKey, pythonMajorMinor } from '../../../src/core/domain/environmentKey.js';
import type { EnvironmentKeyInput, KeyRequirementInput } from '../../../src/core/domain/environmentKey.js';

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
const nameSegments = fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), { minLength: 1, maxLength: 3 });
const version = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map(([a, b, c]) => `${a}.${b}.${c}`);
const url = fc.stringMatching(/^[a-z]{1,8}$/).map((host) => `https://${host}.example/simple`);

const requirement: fc.Arbitrary<KeyRequirementInput> = fc.record({
  name: nameSegments.map((s) => s.join('-')),
  exact_pin: version.map((v) => `==${v}`),
  hashes: fc.uniqueArray(
    hex64.map((h) => `sha256:${h}`),
    { maxLength: 3 },
  ),
  markers: fc.option(fc.constantFrom('python_version >= "3.9"', 'sys_platform == "linux"', 'platform_system != "Darwin"'), {
    nil: null,
  }),
  index_url: fc.option(url, { nil: null }),
  extra_index_urls: fc.uniqueArray(url, { maxLength: 3 }),
  wheel_source: fc.option(fc.constant('https://files.example/pkg-1.0-py3-none-any.whl'), { nil: null }),
  wheel_source_path: fc.option(fc.constant('/home/me/my wheels'), { nil: null }),
  package_source_override: fc.option(fc.constant('/src/pkg.whl'), { nil: null }),
});

const keyInput: fc.Arbitrary<EnvironmentKeyInput> = fc.record({
  environment_kind: fc.constantFrom('python', 'python-venv'),
  env_ids: fc.uniqueArray(fc.stringMatching(/^python-venv:[a-z]{1,6}:[1-9]:none:linux-x86_64:any$/), {
    minLength: 1,
    maxLength: 3,
  }),
  requirements: fc.uniqueArray(requirement, { minLength: 1, maxLength: 6, selector: (r) => r.name }),
  overrides: fc.uniqueArray(
    fc.record({
      binding_id: fc.stringMatching(/^[a-z]{1,6}$/),
      python_executable: fc.option(fc.constantFrom('/usr/bin/python3.12', '/opt/py 3/bin/python'), { nil: null }),
      index_url: fc.option(url, { nil: null }),
      extra_index_urls: fc.option(fc.uniqueArray(url, { maxLength: 2 }), { nil: null }),
      wheel_source_path: fc.option(fc.constant('/wheels'), { nil: null }),
    }),
    { maxLength: 3, selector: (o) => o.binding_id },
  ),
  platform_key: fc.constantFrom('linux-x86_64', 'windows-x86_64', 'macos-aarch64'),
  python_version: fc.tuple(fc.nat(20), fc.nat(20)).map(([minor, patch]) => `3.${minor}.${patch}`),
  installer: fc.record({ name: fc.constantFrom('pip', 'uv'), version }),
});

type Gen = <T>(arb: () => fc.Arbitrary<T>) => T;

function shuffle<T>(g: Gen, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = g(() => fc.integer({ min: 0, max: i }));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const pad = (g: Gen, s: string): string =>
  `${g(() => fc.constantFrom('', ' ', '  ', '\t'))}${s}${g(() => fc.constantFrom('', ' ', '\n'))}`;

/** Same environment, cosmetically different: order, case, separators, whitespace, python patch. */
function cosmeticVariant(g: Gen, input: EnvironmentKeyInput): EnvironmentKeyInput {
  const renameName = (name: string): string =>
    name
      .split('-')
      .map((seg) => (g(() => fc.boolean()) ? seg.toUpperCase() : seg))
      .join(g(() => fc.constantFrom('-', '_', '.', '__', '-.')));
  return {
    environment_kind: pad(g, input.environment_kind),
    env_ids: shuffle(g, input.env_ids).map((id) => pad(g, id)),
    requirements: shuffle(g, input.requirements).map((r) => ({
      name: pad(g, renameName(r.name)),
      exact_pin: g(() => fc.boolean()) ? `== ${r.exact_pin.slice(2)} ` : r.exact_pin,
      hashes: shuffle(g, r.hashes).map((h) => pad(g, g(() => fc.boolean()) ? h.toUpperCase() : h)),
      markers: r.markers === null ? null : pad(g, r.markers),
      index_url: r.index_url === null ? null : pad(g, r.index_url),
      extra_index_urls: shuffle(g, r.extra_index_urls).map((u) => pad(g, u)),
      wheel_source: r.wheel_source === null ? null : pad(g, r.wheel_source),
      wheel_source_path: r.wheel_source_path,
      package_source_override: r.package_source_override,
    })),
    overrides: shuffle(g, input.overrides).map((o) => ({
      ...o,
      python_executable: o.python_executable === null ? null : pad(g, o.python_executable),
      extra_index_urls: o.extra_index_urls === null ? null : shuffle(g, o.extra_index_urls),
    })),
    platform_key: pad(g, g(() => fc.boolean()) ? input.platform_key.toUpperCase() : input.platform_key),
    python_version: input.python_version.replace(/^(\d+\.\d+)\.\d+$/, `$1.${g(() => fc.nat(40))}`),
    installer: { name: pad(g, input.installer.name), version: pad(g, input.installer.version) },
  };
}

const bump = (v: string): string => v.replace(/(\d+)$/, (d) => String(Number(d) + 1));

/** Every single meaningful change the key must notice. Each returns a changed input or null if N/A. */
const MUTATIONS: Record<string, (i: EnvironmentKeyInput) => EnvironmentKeyInput | null> = {
  pin: (i) => ({ ...i, requirements: i.requirements.map((r, k) => (k === 0 ? { ...r, exact_pin: bump(r.exact_pin) } : r)) }),
  addHash: (i) => ({
    ...i,
    requirements: i.requirements.map((r, k) => (k === 0 ? { ...r, hashes: [...r.hashes, `sha256:${'f'.repeat(63)}e`] } : r)),
  }),
  changeHash: (i) => {
    const first = i.requirements[0];
    const h = first?.hashes[0];
    if (!first || !h) return null;
    const flipped = h.slice(0, -1) + (h.endsWith('0') ? '1' : '0');
    return { ...i, requirements: [{ ...first, hashes: [flipped, ...first.hashes.slice(1)] }, ...i.requirements.slice(1)] };
  },
  markers: (i) => ({
    ...i,
    requirements: i.requirements.map((r, k) => (k === 0 ? { ...r, markers: r.markers === null ? 'os_name == "nt"' : null } : r)),
  }),
  indexUrl: (i) => ({
    ...i,
    requirements: i.requirements.map((r, k) =>
      k === 0 ? { ...r, index_url: r.index_url === null ? 'https://other.example/simple' : `${r.index_url}/x` } : r,
    ),
  }),
  extraIndexUrl: (i) => ({
    ...i,
    requirements: i.requirements.map((r, k) =>
      k === 0 ? { ...r, extra_index_urls: [...r.extra_index_urls, 'https://zzz-extra.example/simple'] } : r,
    ),
  }),
  wheelSourcePath: (i) => ({
    ...i,
    requirements: i.requirements.map((r, k) =>
      k === 0 ? { ...r, wheel_source_path: r.wheel_source_path === null ? '/w' : null } : r,
    ),
  }),
  dropRequirement: (i) => (i.requirements.length > 1 ? { ...i, requirements: i.requirements.slice(1) } : null),
  platform: (i) => ({ ...i, platform_key: i.platform_key === 'linux-x86_64' ? 'linux-aarch64' : 'linux-x86_64' }),
  pythonMinor: (i) => ({
    ...i,
    python_version: i.python_version.replace(/^3\.(\d+)/, (_m, minor: string) => `3.${Number(minor) + 1}`),
  }),
  installerVersion: (i) => ({ ...i, installer: { ...i.installer, version: bump(i.installer.version) } }),
  installerName: (i) => ({ ...i, installer: { ...i.installer, name: i.installer.name === 'pip' ? 'uv' : 'pip' } }),
  envId: (i) => ({ ...i, env_ids: [`${i.env_ids[0] ?? ''}x`, ...i.env_ids.slice(1)] }),
  kind: (i) => ({ ...i, environment_kind: i.environment_kind === 'python' ? 'python-venv' : 'python' }),
  overridePython: (i) => ({
    ...i,
    overrides: [
      ...i.overrides.filter((o) => o.binding_id !== 'zz'),
      { binding_id: 'zz', python_executable: '/custom/python', index_url: null, extra_index_urls: null, wheel_source_path: null },
    ],
  }),
  overrideChange: (i) => {
    const first = i.overrides[0];
    if (!first) return null;
    return {
      ...i,
      overrides: [
        { ...first, python_executable: first.python_executable === '/elsewhere/python' ? null : '/elsewhere/python' },
        ...i.overrides.slice(1),
      ],
    };
  },
};

describe('computeEnvironmentKey', () => {
  it('returns a 64-hex key, its 20-hex prefix and the canonical payload', () => {
    fc.assert(
      fc.property(keyInput, (input) => {
        const { key, shortKey, payload } = computeEnvironmentKey(input);
        expect(key).toMatch(/^[0-9a-f]{64}$/);
        expect(shortKey).toBe(key.slice(0, 20));
        expect(canonicalJson(JSON.parse(payload))).toBe(payload);
        expect(JSON.parse(payload)).toMatchObject({ key_version: ENVIRONMENT_KEY_VERSION, contract_version: 1 });
      }),
    );
  });

  it('never changes under reordering, name case/separators, surrounding whitespace or a python patch bump', () => {
    fc.assert(
      fc.property(keyInput, fc.gen(), (input, g) => {
        expect(computeEnvironmentKey(cosmeticVariant(g as Gen, input)).key).toBe(computeEnvironmentKey(input).key);
      }),
      { numRuns: 300, endOnFailure: true },
    );
  });

  it.each(Object.keys(MUTATIONS))('always changes when one meaningful field changes: %s', (mutation) => {
    const mutate = MUTATIONS[mutation] as (i: EnvironmentKeyInput) => EnvironmentKeyInput | null;
    fc.assert(
      fc.property(keyInput, (input) => {
        const changed = mutate(input);
        fc.pre(changed !== null);
        expect(computeEnvironmentKey(changed as EnvironmentKeyInput).key).not.toBe(computeEnvironmentKey(input).key);
      }),
      { numRuns: 150, endOnFailure: true },
    );
  });

  it('labels the payload and keeps only major.minor of python', () => {
    const payload = JSON.parse(computeEnvironmentKey(EXAMPLE).payload) as Record<string, unknown>;
    expect(payload.python).toBe('3.12');
    expect(payload.env_ids).toEqual(['python-venv:tiny-tts-runtime:1:none:linux-x86_64:onnx-runtime']);
    expect(payload.requirements).toEqual([
      {
        name: 'tiny-tts',
        pin: '==0.3.0',
        hashes: [],
        markers: null,
        source: {
          index_url: null,
          extra_index_urls: [],
          wheel_source: null,
          wheel_source_path: '/home/me/wheels',
          package_source_override: null,
        },
      },
    ]);
  });

  it('keeps producing the pinned v1 key for a known input (changing it orphans users’ environments)', () => {
    expect(computeEnvironmentKey(EXAMPLE).payload).toBe(
      '{"contract_version":1,"env_ids":["python-venv:tiny-tts-runtime:1:none:linux-x86_64:onnx-runtime"],"environment_kind":"python-venv",' +
        '"installer":{"name":"pip","version":"24.2"},"key_version":"pantograph-env-key/v1","overrides":[],"platform_key":"linux-x86_64","python":"3.12",' +
        '"requirements":[{"hashes":[],"markers":null,"name":"tiny-tts","pin":"==0.3.0","source":{"extra_index_urls":[],"index_url":null,' +
        '"package_source_override":null,"wheel_source":null,"wheel_source_path":"/home/me/wheels"}}]}',
    );
    expect(computeEnvironmentKey(EXAMPLE).key).toBe(GOLDEN_KEY);
  });
});

describe('pythonMajorMinor', () => {
  it('reduces a version to major.minor and rejects one without a minor', () => {
    expect(pythonMajorMinor(' 3.12.3 ')).toBe('3.12');
    expect(pythonMajorMinor('3.9')).toBe('3.9');
    expect(() => pythonMajorMinor('python3')).toThrow(/major\.minor/);
  });
});

const EXAMPLE: EnvironmentKeyInput = {
  environment_kind: 'python-venv',
  env_ids: ['python-venv:tiny-tts-runtime:1:none:linux-x86_64:onnx-runtime'],
  requirements: [
    {
      name: 'Tiny_TTS',
      exact_pin: '==0.3.0',
      hashes: [],
      markers: null,
      index_url: null,
      extra_index_urls: [],
      wheel_source: null,
      wheel_source_path: '/home/me/wheels',
      package_source_override: null,
    },
  ],
  overrides: [
    { binding_id: 'tiny-tts-runtime', python_executable: null, index_url: null, extra_index_urls: null, wheel_source_path: null },
  ],
  platform_key: 'linux-x86_64',
  python_version: '3.12.3',
  installer: { name: 'pip', version: '24.2' },
};
// Independently checked: printf '%s' <payload above> | sha256sum
const GOLDEN_KEY = '880bf3f4f907897538b693f727041807ffe259948a3d19b5797410b44df51220';
