import { describe, expect, it } from 'vitest';
import { redactUrl, validateIndexUrl } from '../../../src/core/validation/urls.js';

const P = ['index_url'] as const;

describe('validateIndexUrl', () => {
  it('accepts http, https and file URLs', () => {
    expect(validateIndexUrl('https://download.pytorch.org/whl/cu121', P)).toBeUndefined();
    expect(validateIndexUrl('http://localhost:8080/simple/', P)).toBeUndefined();
    expect(validateIndexUrl('file:///opt/wheels/', P)).toBeUndefined();
    expect(validateIndexUrl('file:///C:/wheels/torch-2.5.1-cp312-none-any.whl', P)).toBeUndefined();
    expect(validateIndexUrl('HTTPS://PyPI.org/simple', P)).toBeUndefined();
  });

  it('accepts credentials in the URL', () => {
    expect(validateIndexUrl('https://user:p%40ss@pypi.example/simple', P)).toBeUndefined();
  });

  it('rejects other schemes with url_scheme_not_allowed and keeps the path', () => {
    for (const url of ['ftp://example.org/simple', 'javascript:alert(1)', 'git+https://github.com/x/y', 'data:text/plain,hi']) {
      const error = validateIndexUrl(url, P);
      expect(error?.code, url).toBe('url_scheme_not_allowed');
      expect(error?.path).toEqual(['index_url']);
    }
  });

  it('rejects values without a scheme, without a host or that do not parse', () => {
    expect(validateIndexUrl('pypi.org/simple', P)?.code).toBe('invalid_url');
    expect(validateIndexUrl('', P)?.code).toBe('invalid_url');
    expect(validateIndexUrl('https://', P)?.code).toBe('invalid_url');
    expect(validateIndexUrl('http://[::1', P)?.code).toBe('invalid_url');
  });

  it('rejects whitespace, control characters and NUL', () => {
    expect(validateIndexUrl('https://pypi.org/sim ple', P)?.code).toBe('invalid_url');
    expect(validateIndexUrl('https://pypi.org/simple\n--trusted-host evil', P)?.code).toBe('invalid_url');
    expect(validateIndexUrl('https://pypi.org/\u0000', P)?.code).toBe('invalid_url');
    expect(validateIndexUrl(' https://pypi.org/simple', P)?.code).toBe('invalid_url');
  });

  it('rejects overlong URLs with string_too_long', () => {
    expect(validateIndexUrl(`https://example.org/${'a'.repeat(3000)}`, P)?.code).toBe('string_too_long');
  });

  it('rejects file URLs with .. segments, also percent-encoded, as path_traversal', () => {
    expect(validateIndexUrl('file:///opt/wheels/../../etc/passwd', P)?.code).toBe('path_traversal');
    expect(validateIndexUrl('file:///opt/%2e%2e/etc', P)?.code).toBe('path_traversal');
    expect(validateIndexUrl('file:///opt/wheels/..', P)?.code).toBe('path_traversal');
    expect(validateIndexUrl('file:///opt/wheels..x/a', P)).toBeUndefined();
  });

  it('rejects a file URL with a malformed percent-escape', () => {
    expect(validateIndexUrl('file:///opt/%zz', P)?.code).toBe('invalid_url');
  });

  it('never leaks credentials into the error message', () => {
    const error = validateIndexUrl('https://me:hunter2@pypi.example/a b', P);
    expect(error?.message).not.toContain('hunter2');
  });
});

describe('redactUrl', () => {
  it('replaces user and password with ***', () => {
    expect(redactUrl('https://me:s3cret@pypi.example/simple')).toBe('https://***@pypi.example/simple');
  });

  it('replaces a lone token user with ***', () => {
    expect(redactUrl('https://ghp_token@pypi.example/simple')).toBe('https://***@pypi.example/simple');
  });

  it('redacts up to the last @ of the authority', () => {
    expect(redactUrl('https://a@b:c@host/x@y')).toBe('https://***@host/x@y');
  });

  it('leaves URLs without credentials unchanged', () => {
    expect(redactUrl('https://pypi.org/simple/torch/')).toBe('https://pypi.org/simple/torch/');
    expect(redactUrl('https://pypi.org/simple?user=a@b')).toBe('https://pypi.org/simple?user=a@b');
    expect(redactUrl('not a url')).toBe('not a url');
  });
});
