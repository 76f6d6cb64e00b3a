/**
 * Credentials inside index URLs are allowed (private indexes) but must never appear in clear in
 * what Pantograph shows or stores: progress events (the log), the status payload, the ref, the
 * errors, and every file written under the data dir (manifest included). Real ensure, real pip,
 * a local index server that knows no package (pip falls through to the wheel folder).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, writeFixtureWheel } from '../support/wheelFixtures.js';
import { payloadFor } from '../support/serviceHarness.js';
import type { EnsureOutcome } from '../../src/core/environment/ensureReport.js';
import type { EnsureProgressEvent } from '../../src/core/domain/progress.js';
import { redactUrl, validateIndexUrl } from '../../src/core/validation/urls.js';
import { freshHarness, progressRecorder, readAllFiles } from './support/hostileHarness.js';

const PASSWORD = 'S3cr3t-Pass-7f1c';
const TOKEN = 'tok-9a8b7c6d5e4f';

let temp: { dir: string; cleanup: () => Promise<void> };
let wheelDir: string;
let server: Server;
let port = 0;
const WHEEL = { name: 'sec-cred-pkg', version: '1.0.0' };

beforeAll(async () => {
  temp = await makeTempDir('security credentials');
  wheelDir = join(temp.dir, 'wheel folder');
  await mkdir(wheelDir, { recursive: true });
  await writeFixtureWheel(wheelDir, WHEEL.name, WHEEL.version);
  server = createServer((_req, res) => {
    res.statusCode = 404;
    res.end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await temp.cleanup();
});

function patch(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    contract_version: 1,
    binding_id: 'test-binding',
    scope: 'binding',
    fields,
    source: 'user',
    updated_at: '2026-01-01T00:00:00Z',
  };
}

/** Every place a secret could leak to: events, status, ref, errors, and the data dir's files. */
async function exposedText(
  outcome: EnsureOutcome,
  events: readonly EnsureProgressEvent[],
  dataDir: string,
): Promise<Map<string, string>> {
  const places = new Map<string, string>();
  events.forEach((e, i) => places.set(`progress[${i}] ${e.phase}`, `${e.message}\n${e.line ?? ''}`));
  places.set('status', JSON.stringify(outcome.status));
  places.set('ref', JSON.stringify(outcome.ref));
  places.set('errors', JSON.stringify(outcome.errors));
  for (const [file, text] of await readAllFiles(dataDir)) places.set(`file ${file}`, text);
  return places;
}

function leaks(places: Map<string, string>, secret: string): string[] {
  return [...places].filter(([, text]) => text.includes(secret)).map(([where]) => where);
}

describe('credentials in index URLs', () => {
  it('redactUrl hides user:password and token userinfo and leaves other URLs unchanged', () => {
    expect(redactUrl(`https://me:${PASSWORD}@pypi.example/simple`)).toBe('https://***@pypi.example/simple');
    expect(redactUrl(`https://${TOKEN}@pypi.example/simple`)).toBe('https://***@pypi.example/simple');
    expect(redactUrl('https://pypi.example/simple?q=a@b')).toBe('https://pypi.example/simple?q=a@b');
  });

  it('never echoes the password of a URL it refuses', () => {
    const error = validateIndexUrl(`https://me:${PASSWORD}@pypi.example/simple with space`, ['index_url']);
    expect(error?.code).toBe('invalid_url');
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });

  it('installs through an index URL with credentials and never shows or stores the password or token in clear', async () => {
    const h = freshHarness(temp.dir);
    const recorder = progressRecorder();
    const payload = payloadFor([WHEEL]) as unknown as { bindings: { requirements: Record<string, unknown>[] }[] };
    payload.bindings[0]!.requirements[0]!.extra_index_urls = [`http://${TOKEN}@127.0.0.1:${port}/token/simple`];
    const outcome = await h.service.ensure(
      {
        requirements: payload,
        overrides: [patch({ index_url: `http://builder:${PASSWORD}@127.0.0.1:${port}/simple`, wheel_source_path: wheelDir })],
      },
      { onProgress: recorder.onProgress },
    );
    expect(outcome.errors).toEqual([]);
    expect(outcome.state).toBe('ready');
    const install = h.runner.calls.find((c) => c.args.includes('install'));
    expect(install?.args.join(' ')).toContain(`builder:${PASSWORD}@127.0.0.1`);
    const places = await exposedText(outcome, recorder.events, h.dataDir);
    expect([...places.keys()].some((k) => k.endsWith('manifest.json'))).toBe(true);
    expect(leaks(places, PASSWORD)).toEqual([]);
    expect(leaks(places, TOKEN)).toEqual([]);
  });

  it('keeps the password out of a failed install too (pip error output, failed manifest, status)', async () => {
    const h = freshHarness(temp.dir);
    const recorder = progressRecorder();
    const outcome = await h.service.ensure(
      {
        requirements: payloadFor([{ name: WHEEL.name, version: '9.9.9' }]),
        overrides: [patch({ index_url: `http://builder:${PASSWORD}@127.0.0.1:${port}/simple`, wheel_source_path: wheelDir })],
      },
      { onProgress: recorder.onProgress },
    );
    expect(outcome.state).toBe('failed');
    expect(outcome.errors[0]?.code).toBe('dependency_install_failed');
    const places = await exposedText(outcome, recorder.events, h.dataDir);
    expect(leaks(places, PASSWORD)).toEqual([]);
  });
});
