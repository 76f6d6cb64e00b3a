import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { buildHashedRequirements } from '../../../src/core/interop/hashedRequirements.js';
import {
  buildPylock,
  environmentMarker,
  lockedPackagesOf,
  parsePylock,
  wheelLocation,
} from '../../../src/core/interop/pylock.js';
import { EnvironmentManifestV1Schema } from '../../../src/core/store/manifest.js';
import type { ResolvedPackage } from '../../../src/core/store/manifest.js';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

function manifest(resolved: ResolvedPackage[] | undefined, state: 'ready' | 'failed' = 'ready') {
  return EnvironmentManifestV1Schema.parse({
    manifest_version: 1,
    environment_key: '0123456789abcdef0123',
    state,
    environment_kind: 'python-venv',
    env_id: 'python-venv:toy-runtime:1:none:linux-x86_64:none',
    platform_key: 'linux-x86_64',
    python_executable: '/data/envs/python/0123456789abcdef0123/bin/python',
    base_interpreter: { executable: '/usr/bin/python3', version: '3.12.4' },
    requirements_fingerprint: 'f'.repeat(64),
    key_payload: '{}',
    install: { installer: 'pip', installer_version: '24.0', started_at: '2026-01-01T00:00:00Z' },
    created_at: '2026-01-01T00:00:00Z',
    last_used_at: '2026-01-01T00:00:00Z',
    ...(resolved ? { resolved_packages: resolved } : {}),
  });
}

const RESOLVED: ResolvedPackage[] = [
  {
    name: 'Toy_Lib',
    version: '2.0.0',
    wheel: 'toy_lib-2.0.0-py3-none-any.whl',
    source: '/wheels dir/toy_lib-2.0.0-py3-none-any.whl',
    sha256: H2,
    requested: false,
  },
  {
    name: 'toy-app',
    version: '1.0.0',
    wheel: 'toy_app-1.0.0-py3-none-any.whl',
    source: 'https://files.example/packages/toy_app-1.0.0-py3-none-any.whl',
    sha256: H1,
    requested: true,
  },
];

describe('buildPylock', () => {
  it('writes every PEP 751 required key, the markers, and one hashed wheel per package, sorted by name', () => {
    const built = buildPylock(manifest(RESOLVED), { createdBy: 'pantograph 1.2.3' });
    expect(built.ok).toBe(true);
    const text = built.ok ? built.value : '';
    const doc = parse(text) as Record<string, unknown>;
    expect(doc['lock-version']).toBe('1.0');
    expect(doc['created-by']).toBe('pantograph 1.2.3');
    expect(doc['requires-python']).toBe('==3.12.*');
    expect(doc['environments']).toEqual([
      "sys_platform == 'linux' and platform_machine == 'x86_64' and python_version == '3.12'",
    ]);
    expect(doc['packages']).toEqual([
      {
        name: 'toy-app',
        version: '1.0.0',
        wheels: [
          {
            name: 'toy_app-1.0.0-py3-none-any.whl',
            url: 'https://files.example/packages/toy_app-1.0.0-py3-none-any.whl',
            hashes: { sha256: H1 },
          },
        ],
      },
      {
        name: 'toy-lib',
        version: '2.0.0',
        wheels: [
          { name: 'toy_lib-2.0.0-py3-none-any.whl', path: '/wheels dir/toy_lib-2.0.0-py3-none-any.whl', hashes: { sha256: H2 } },
        ],
      },
    ]);
    expect(doc['tool']).toEqual({
      pantograph: {
        environment_key: '0123456789abcdef0123',
        platform_key: 'linux-x86_64',
        python_version: '3.12.4',
        requested: ['toy-app'],
      },
    });
  });

  it('parses back to the same packages', () => {
    const built = buildPylock(manifest(RESOLVED), { createdBy: 'pantograph' });
    const parsed = parsePylock(built.ok ? built.value : '');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.lockVersion).toBe('1.0');
    expect(parsed.value.packages).toEqual(
      lockedPackagesOf(manifest(RESOLVED)).ok ? (lockedPackagesOf(manifest(RESOLVED)) as { value: unknown }).value : null,
    );
  });

  it('refuses an environment without a resolved set, or not ready', () => {
    expect(buildPylock(manifest(undefined), { createdBy: 'p' })).toMatchObject({
      ok: false,
      errors: [{ code: 'invalid_lock_file', path: ['resolved_packages'] }],
    });
    expect(buildPylock(manifest(RESOLVED, 'failed'), { createdBy: 'p' })).toMatchObject({
      ok: false,
      errors: [{ code: 'invalid_lock_file', path: ['state'] }],
    });
  });
});

describe('environmentMarker and wheelLocation', () => {
  it('maps platform keys to sys_platform / platform_machine', () => {
    expect(environmentMarker('windows-x86_64', '3.11.9')).toBe(
      "sys_platform == 'win32' and platform_machine == 'AMD64' and python_version == '3.11'",
    );
    expect(environmentMarker('macos-aarch64', '3.13.0')).toBe(
      "sys_platform == 'darwin' and platform_machine == 'arm64' and python_version == '3.13'",
    );
  });

  it('joins a folder source with the wheel name, keeps a wheel source', () => {
    expect(wheelLocation({ source: '/w/', wheel: 'a-1-py3-none-any.whl' })).toEqual({
      url: null,
      path: '/w/a-1-py3-none-any.whl',
    });
    expect(wheelLocation({ source: 'https://x/simple/a/', wheel: 'a-1-py3-none-any.whl' })).toEqual({
      url: 'https://x/simple/a/a-1-py3-none-any.whl',
      path: null,
    });
    expect(wheelLocation({ source: 'C:\\w', wheel: 'a.whl' })).toEqual({ url: null, path: 'C:\\w\\a.whl' });
  });
});

describe('parsePylock refuses what it cannot install', () => {
  const base = 'lock-version = "1.0"\ncreated-by = "x"\n';
  it.each([
    ['not TOML', 'lock-version = ', ''],
    ['a missing lock-version', 'created-by = "x"\npackages = []\n', 'lock-version'],
    ['lock-version 2.0', 'lock-version = "2.0"\ncreated-by = "x"\npackages = []\n', 'lock-version'],
    ['a missing created-by', 'lock-version = "1.0"\npackages = []\n', 'created-by'],
    ['missing packages', base, 'packages'],
    ['a package without version', `${base}[[packages]]\nname = "a"\n`, 'version'],
    [
      'an sdist-only package',
      `${base}[[packages]]\nname = "a"\nversion = "1"\nsdist = { url = "https://x/a.tar.gz", hashes = { sha256 = "${H1}" } }\n`,
      'wheels',
    ],
    [
      'a wheel without hashes',
      `${base}[[packages]]\nname = "a"\nversion = "1"\nwheels = [{ url = "https://x/a.whl", hashes = {} }]\n`,
      'hashes',
    ],
    [
      'a malformed sha256',
      `${base}[[packages]]\nname = "a"\nversion = "1"\nwheels = [{ url = "https://x/a.whl", hashes = { sha256 = "zz" } }]\n`,
      'sha256',
    ],
    [
      'a duplicate package',
      `${base}[[packages]]\nname = "a"\nversion = "1"\nwheels = [{ path = "/a.whl", hashes = { sha256 = "${H1}" } }]\n[[packages]]\nname = "A"\nversion = "1"\nwheels = [{ path = "/a.whl", hashes = { sha256 = "${H1}" } }]\n`,
      'twice',
    ],
  ])('%s', (_label, text, where) => {
    const parsed = parsePylock(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.every((e) => e.code === 'invalid_lock_file')).toBe(true);
    expect(parsed.errors.map((e) => `${e.path.join('.')} ${e.message}`).join('\n')).toContain(where);
  });

  it('accepts a foreign 1.x lock with inline wheels (e.g. written by uv)', () => {
    const parsed = parsePylock(
      `lock-version = "1.1"\ncreated-by = "uv"\n[[packages]]\nname = "Foo.Bar"\nversion = "1.0"\nwheels = [{ url = "https://x/foo_bar-1.0-py3-none-any.whl", hashes = { sha256 = "${H1.toUpperCase()}" } }]\n`,
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: { packages: [{ name: 'foo-bar', version: '1.0', wheel: 'foo_bar-1.0-py3-none-any.whl', sha256: H1 }] },
    });
  });
});

describe('buildHashedRequirements', () => {
  it('writes name==version --hash lines and quoted --find-links for local folders', () => {
    const packages = lockedPackagesOf(manifest(RESOLVED));
    const text = buildHashedRequirements(packages.ok ? packages.value : [], {
      environmentKey: 'k',
      pythonVersion: '3.12.4',
      platformKey: 'linux-x86_64',
      createdBy: 'pantograph',
    });
    expect(text).toBe(
      [
        '# pantograph: environment k (Python 3.12.4, linux-x86_64)',
        '# pip install --no-deps --require-hashes -r <this file>',
        "--find-links '/wheels dir'",
        `toy-app==1.0.0 \\\n    --hash=sha256:${H1}`,
        `toy-lib==2.0.0 \\\n    --hash=sha256:${H2}`,
        '',
      ].join('\n'),
    );
  });
});
