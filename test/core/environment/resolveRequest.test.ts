import { describe, expect, it } from 'vitest';
import { resolveEnvironmentRequest } from '../../../src/core/environment/resolveRequest.js';
import { payloadFor, wheelFolderPatch } from '../../support/serviceHarness.js';

const wheels = [{ name: 'pkg-a', version: '1.0.0' }];

describe('resolveEnvironmentRequest', () => {
  it('applies extra index URLs from settings to every binding, below the user’s own patches', () => {
    const fromSettings = resolveEnvironmentRequest(
      { requirements: payloadFor(wheels), overrides: [wheelFolderPatch('test-binding', '/tmp')] },
      { defaultIndexUrl: null, availablePythonVersions: null, extraIndexUrls: ['https://mirror.example/simple'] },
    );
    expect(fromSettings.status).toBe('resolved');
    if (fromSettings.status !== 'resolved') return;
    expect(fromSettings.request.bindings[0]?.extra_index_urls.effective).toEqual(['https://mirror.example/simple']);

    const userPatch = {
      ...wheelFolderPatch('test-binding', '/tmp'),
      fields: { extra_index_urls: ['https://mine.example/simple'] },
      updated_at: '2026-02-01T00:00:00Z',
    };
    const userWins = resolveEnvironmentRequest(
      { requirements: payloadFor(wheels), overrides: [wheelFolderPatch('test-binding', '/tmp'), userPatch] },
      { defaultIndexUrl: null, availablePythonVersions: null, extraIndexUrls: ['https://mirror.example/simple'] },
    );
    expect(userWins.status).toBe('resolved');
    if (userWins.status !== 'resolved') return;
    expect(userWins.request.bindings[0]?.extra_index_urls.effective).toEqual(['https://mine.example/simple']);
  });

  it('refuses an extra index URL setting with a bad scheme, naming the setting', () => {
    const outcome = resolveEnvironmentRequest(
      { requirements: payloadFor(wheels) },
      {
        defaultIndexUrl: 'https://pypi.org/simple',
        availablePythonVersions: null,
        extraIndexUrls: ['ftp://mirror.example/simple'],
      },
    );
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.errors[0]).toMatchObject({ code: 'url_scheme_not_allowed', path: ['settings', 'extraIndexUrls', 0] });
  });

  it('asks for an interpreter only when given the machine’s versions, and not when the caller locates it', () => {
    const request = {
      requirements: payloadFor(wheels, { pythonRequires: '>=3.99' }),
      overrides: [wheelFolderPatch('test-binding', '/tmp')],
    };
    const withVersions = resolveEnvironmentRequest(request, { defaultIndexUrl: null, availablePythonVersions: ['3.11.7'] });
    expect(withVersions.status).toBe('needs_user_input');
    const located = resolveEnvironmentRequest(request, { defaultIndexUrl: null, availablePythonVersions: null });
    expect(located.status).toBe('resolved');
  });

  it('fails a payload of another contract version before looking at anything else', () => {
    const outcome = resolveEnvironmentRequest(
      { requirements: { ...payloadFor(wheels), dependency_contract_version: 2 } },
      { defaultIndexUrl: null, availablePythonVersions: null },
    );
    expect(outcome).toMatchObject({ status: 'failed', errors: [{ code: 'unsupported_contract_version' }] });
  });
});

describe('the environment key and the default index', () => {
  it('changes with the default index only for requirements that name no index of their own', async () => {
    const { buildEnvironmentKeyInput } = await import('../../../src/core/domain/environmentKeyInput.js');
    const { computeEnvironmentKey } = await import('../../../src/core/domain/environmentKey.js');
    const keyFor = (payload: ReturnType<typeof payloadFor>, defaultIndex: string | null): string => {
      const outcome = resolveEnvironmentRequest(
        { requirements: payload },
        { defaultIndexUrl: 'https://pypi.org/simple', availablePythonVersions: null },
      );
      if (outcome.status !== 'resolved') throw new Error(outcome.status);
      const input = buildEnvironmentKeyInput(outcome.request.bindings, {
        platform_key: 'linux-x86_64',
        python_version: '3.11.7',
        installer: { name: 'pip', version: '23.2.1' },
        default_index_url: defaultIndex,
      });
      if (!input.ok) throw new Error('no key input');
      return computeEnvironmentKey(input.value).key;
    };
    const plain = payloadFor(wheels);
    expect(keyFor(plain, 'https://pypi.org/simple')).not.toBe(keyFor(plain, 'https://mirror.example/simple'));
    const ownIndex = payloadFor(wheels);
    (ownIndex.bindings[0]!.requirements[0] as Record<string, unknown>).index_url = 'https://download.example/whl';
    expect(keyFor(ownIndex, 'https://pypi.org/simple')).toBe(keyFor(ownIndex, 'https://mirror.example/simple'));
  });
});

describe('the environment key and index credentials', () => {
  it('ignores the user:password part of index URLs but not the index itself', async () => {
    const { buildEnvironmentKeyInput } = await import('../../../src/core/domain/environmentKeyInput.js');
    const { computeEnvironmentKey } = await import('../../../src/core/domain/environmentKey.js');
    const keyFor = (index: string): { key: string; payload: string } => {
      const patch = { ...wheelFolderPatch('test-binding', '/tmp'), fields: { index_url: index } };
      const outcome = resolveEnvironmentRequest(
        { requirements: payloadFor(wheels), overrides: [patch] },
        { defaultIndexUrl: null, availablePythonVersions: null },
      );
      if (outcome.status !== 'resolved') throw new Error(outcome.status);
      const input = buildEnvironmentKeyInput(outcome.request.bindings, {
        platform_key: 'linux-x86_64',
        python_version: '3.11.7',
        installer: { name: 'pip', version: '23.2.1' },
      });
      if (!input.ok) throw new Error('no key input');
      return computeEnvironmentKey(input.value);
    };
    const first = keyFor('https://ci:token-one@pkgs.example/simple');
    expect(keyFor('https://ci:token-two@pkgs.example/simple').key).toBe(first.key);
    expect(keyFor('https://other.example/simple').key).not.toBe(first.key);
    expect(first.payload).not.toContain('token-one');
  });
});
