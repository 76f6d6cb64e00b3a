/** Builds valid manifests for store tests. */
import type { EnvironmentManifestV1Input } from '../../../../src/core/store/manifest.js';

/** A 20-hex-character key derived from a small number, e.g. `keyOf(1)` → `00000000000000000001`. */
export function keyOf(n: number): string {
  return n.toString(16).padStart(20, '0');
}

/** A complete `ready` manifest for `key`; `overrides` replace top-level fields. */
export function manifestFor(key: string, overrides: Partial<EnvironmentManifestV1Input> = {}): EnvironmentManifestV1Input {
  return {
    manifest_version: 1,
    environment_key: key,
    state: 'ready',
    environment_kind: 'python-venv',
    env_id: 'python-venv:stable-audio:1:abc:linux-x86_64:pytorch',
    env_ids: ['python-venv:stable-audio:1:abc:linux-x86_64:pytorch'],
    platform_key: 'linux-x86_64',
    backend_key: 'pytorch',
    python_executable: `/data/envs/python/${key}/bin/python`,
    base_interpreter: { executable: '/usr/bin/python3', version: '3.11.2' },
    requirements_fingerprint: 'f'.repeat(64),
    key_payload: '{"v":"pantograph-env-key/1"}',
    effective_requirements: [
      { name: 'torch', version: '2.5.1', exact_pin: '==2.5.1', source: null },
      { name: 'numpy', exact_pin: '==1.26.4' },
    ],
    applied_overrides: [],
    install: {
      installer: 'pip',
      installer_version: '23.2.1',
      index_config: { index_url: 'https://pypi.org/simple', extra_index_urls: [] },
      duration_ms: 2500,
      started_at: '2025-01-01T00:00:00.000Z',
      finished_at: '2025-01-01T00:00:02.500Z',
    },
    created_at: '2025-01-01T00:00:00.000Z',
    last_used_at: '2025-01-01T00:00:02.500Z',
    validation_history: [{ at: '2025-01-01T00:00:02.400Z', ok: true, missing: [], mismatched: [] }],
    ...overrides,
  };
}
