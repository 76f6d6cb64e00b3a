/**
 * A requirements payload for toy wheels: one `python-venv` binding `toy-runtime` that pins each
 * top-level wheel exactly, plus a binding-scope patch pointing `wheel_source_path` at the wheel
 * folder — an offline environment that the CLI and the service can ensure in a few seconds.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { currentPlatformKey } from '../../src/core/requirements/platform.js';
import { writeFixtureWheel } from './wheelFixtures.js';
import type { FixtureWheel } from './wheelFixtures.js';

/** What {@link writeToyPayload} wrote. */
export interface ToyPayload {
  readonly payloadFile: string;
  readonly patchFile: string;
  readonly wheelsDir: string;
  readonly wheels: readonly FixtureWheel[];
  readonly payload: Record<string, unknown>;
}

/** The payload object for `pins` (`name==version`), binding `toy-runtime`. */
export function toyPayload(pins: readonly { name: string; version: string }[]): Record<string, unknown> {
  const platformKey = currentPlatformKey(process.platform, process.arch);
  return {
    model_id: 'audio/example/toy',
    platform_key: platformKey,
    backend_key: null,
    dependency_contract_version: 1,
    validation_state: 'resolved',
    validation_errors: [],
    bindings: [
      {
        binding_id: 'toy-runtime',
        profile_id: 'toy-runtime',
        profile_version: 1,
        profile_hash: null,
        backend_key: null,
        platform_selector: null,
        environment_kind: 'python-venv',
        env_id: `python-venv:toy-runtime:1:none:${platformKey}:none`,
        validation_state: 'resolved',
        validation_errors: [],
        requirements: pins.map((p) => ({
          kind: 'python_package',
          name: p.name,
          exact_pin: `==${p.version}`,
          index_url: null,
          extra_index_urls: [],
          markers: null,
          python_requires: '>=3.8',
          platform_constraints: [],
          hashes: [],
          source: null,
        })),
      },
    ],
  };
}

/**
 * Writes into `dir`: `wheels/` with `toy-app==1.0.0` (depends on `toy-lib==2.0.0`) and
 * `toy-lib==2.0.0`, `payload.json` pinning `toy-app==1.0.0`, and `wheels.patch.json`.
 */
export async function writeToyPayload(dir: string): Promise<ToyPayload> {
  const wheelsDir = path.join(dir, 'wheels');
  const lib = await writeFixtureWheel(wheelsDir, 'toy-lib', '2.0.0');
  const app = await writeFixtureWheel(wheelsDir, 'toy-app', '1.0.0', [{ name: 'toy-lib', version: '2.0.0' }]);
  const payload = toyPayload([{ name: 'toy-app', version: '1.0.0' }]);
  const payloadFile = path.join(dir, 'payload.json');
  await writeFile(payloadFile, JSON.stringify(payload, null, 2));
  const patchFile = path.join(dir, 'wheels.patch.json');
  await writeFile(
    patchFile,
    JSON.stringify({
      contract_version: 1,
      binding_id: 'toy-runtime',
      scope: 'binding',
      requirement_name: null,
      fields: { wheel_source_path: wheelsDir },
      source: 'user',
      updated_at: '2025-01-01T00:00:00Z',
    }),
  );
  return { payloadFile, patchFile, wheelsDir, wheels: [app, lib], payload };
}
