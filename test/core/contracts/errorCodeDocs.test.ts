import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES } from '../../../src/core/errors/errorCodes.js';
import { repoRoot } from './fixtures.js';

const readme = readFileSync(path.join(repoRoot, 'docs', 'contracts', 'README.md'), 'utf8');
const errorSection = readme.slice(readme.indexOf('## Error codes'));

/** `code → meaning` from the `| \`code\` | meaning |` rows of the error-code tables. */
const documented = new Map(
  [...errorSection.matchAll(/^\| `([a-z_]+)` \| (.*?) \|$/gm)].map((match): [string, string] => [match[1]!, match[2]!.trim()]),
);

describe('docs/contracts/README.md error codes', () => {
  it('has an error code section with tables', () => {
    expect(readme).toContain('## Error codes');
    expect(documented.size).toBeGreaterThan(0);
  });

  it.each([...ALL_ERROR_CODES])('documents %s with a one-line meaning', (code) => {
    expect(documented.get(code)).toMatch(/^\S.{9,}/);
  });

  it('documents no code that errorCodes.ts does not define', () => {
    const known = new Set<string>(ALL_ERROR_CODES);
    expect([...documented.keys()].filter((code) => !known.has(code))).toEqual([]);
  });

  it('documents each code once', () => {
    const rows = [...errorSection.matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1]);
    expect(rows.length).toBe(new Set(rows).size);
  });
});
