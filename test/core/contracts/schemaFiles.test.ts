import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTRACT_SCHEMAS, contractJsonSchema } from '../../../src/core/contracts/jsonSchemas.js';
import {
  findDriftedFiles,
  findFrozenViolations,
  freezeSchemas,
  renderSchemaFiles,
  writeSchemaFiles,
} from '../../../scripts/generateSchemas.js';
import { repoRoot } from './fixtures.js';

const script = path.join(repoRoot, 'scripts', 'generateSchemas.ts');
const tempRoots: string[] = [];

function tempRoot(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pantograph schemas '));
  tempRoots.push(dir);
  return dir;
}

function runScript(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterEach(() => {
  for (const dir of tempRoots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the committed JSON Schemas', () => {
  it('match what the zod contracts generate (run `npm run schemas` when this fails)', () => {
    expect(findDriftedFiles(repoRoot, renderSchemaFiles())).toEqual([]);
  });

  it('exist for every entry of CONTRACT_SCHEMAS, pretty-printed with a trailing newline', () => {
    for (const name of Object.keys(CONTRACT_SCHEMAS)) {
      const text = readFileSync(path.join(repoRoot, 'docs', 'contracts', `${name}.schema.json`), 'utf8');
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      expect(JSON.parse(text)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' });
    }
  });

  it('describe unknown fields as allowed on every contract', () => {
    for (const schema of Object.values(CONTRACT_SCHEMAS)) {
      expect(contractJsonSchema(schema).additionalProperties).toEqual({});
    }
  });

  it('include the workflow file schema', () => {
    expect(renderSchemaFiles().has('docs/contracts/pantograph-workflow.v1.schema.json')).toBe(true);
  });
});

describe('scripts/generateSchemas.ts', () => {
  it('writes every schema into a fresh checkout and then passes --check', () => {
    const root = tempRoot();
    const write = runScript('--root', root);
    expect(write.status).toBe(0);
    expect(findDriftedFiles(root, renderSchemaFiles())).toEqual([]);
    const check = runScript('--check', '--root', root);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('exits 1 with --check, listing each edited or missing file and each append-only violation', () => {
    const root = tempRoot();
    const expected = renderSchemaFiles();
    writeSchemaFiles(root, expected);
    expect(freezeSchemas(root, 'v1', expected).conflicts).toEqual([]);
    const [edited, deleted] = [...expected.keys()];
    writeFileSync(path.join(root, edited!), '{}\n');
    unlinkSync(path.join(root, deleted!));
    const frozenFile = path.join(root, 'docs', 'contracts', 'frozen', 'v1', 'environment-ref.v1.schema.json');
    const frozen = JSON.parse(readFileSync(frozenFile, 'utf8'));
    frozen.properties.legacy_field = { type: 'string' };
    writeFileSync(frozenFile, JSON.stringify(frozen));

    const check = runScript('--check', '--root', root);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`drifted: ${edited}`);
    expect(check.stderr).toContain(`drifted: ${deleted}`);
    expect(check.stderr.match(/drifted:/g)).toHaveLength(2);
    expect(check.stderr).toContain('environment-ref.v1.schema.json: removed at $.legacy_field');
  });

  it('freezes a snapshot once and refuses to overwrite it', () => {
    const root = tempRoot();
    const expected = renderSchemaFiles();
    const first = freezeSchemas(root, 'v7', expected);
    expect(first.written).toHaveLength(expected.size);
    const frozen = path.join(root, 'docs', 'contracts', 'frozen', 'v7', 'environment-ref.v1.schema.json');
    expect(readFileSync(frozen, 'utf8')).toBe(expected.get('docs/contracts/environment-ref.v1.schema.json'));
    writeFileSync(frozen, 'hand-edited');
    const again = freezeSchemas(root, 'v7', expected);
    expect(again.written).toEqual([]);
    expect(again.conflicts).toHaveLength(expected.size);
    expect(readFileSync(frozen, 'utf8')).toBe('hand-edited');
  });

  it('reports a frozen schema with no current counterpart as removed', () => {
    const root = tempRoot();
    const expected = renderSchemaFiles();
    freezeSchemas(root, 'v1', expected);
    const current = new Map([...expected].filter(([file]) => !file.endsWith('environment-ref.v1.schema.json')));
    expect(findFrozenViolations(root, current)).toEqual([
      'docs/contracts/frozen/v1/environment-ref.v1.schema.json: removed — no current schema named environment-ref.v1.schema.json',
    ]);
  });
});
