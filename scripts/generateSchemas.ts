/**
 * Writes the JSON Schema of every registered zod schema to `<dir>/<name>.schema.json`
 * (`npm run schemas`), or verifies them (`--check`).
 *
 *   tsx scripts/generateSchemas.ts                 write every schema file
 *   tsx scripts/generateSchemas.ts --check         exit 1 listing drifted files and append-only
 *                                                  violations against `<dir>/frozen/<version>/`
 *   tsx scripts/generateSchemas.ts --freeze v2     snapshot the current schemas under
 *                                                  `<dir>/frozen/v2/` (never overwrites)
 *   --root <dir>                                   act on another checkout (tests use a temp dir)
 *
 * To publish another registry (e.g. the workflow file schema), add one line to {@link SCHEMA_SETS}.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTRACT_SCHEMAS, contractJsonSchema } from '../src/core/contracts/jsonSchemas.js';
import { findAppendOnlyViolations } from '../src/core/contracts/appendOnly.js';
import { WORKFLOW_SCHEMAS } from '../src/core/workflow/workflowSchema.js';
import type { z } from 'zod';

/** One registry of schemas published as files under `dir` (relative to the repository root). */
export interface SchemaSet {
  readonly dir: string;
  /** File stem → zod schema; each becomes `<dir>/<stem>.schema.json`. */
  readonly schemas: Readonly<Record<string, z.ZodType>>;
}

/** Every published registry. One line per registry. */
export const SCHEMA_SETS: readonly SchemaSet[] = [
  { dir: 'docs/contracts', schemas: CONTRACT_SCHEMAS },
  { dir: 'docs/contracts', schemas: WORKFLOW_SCHEMAS },
];

/** The repository root this script belongs to. */
export const defaultRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SUFFIX = '.schema.json';

/** Serialises a schema the way files are committed: 2-space indent, trailing newline. */
export function formatSchema(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/**
 * The expected content of every schema file, keyed by path relative to the root (POSIX
 * separators), sorted. Pure: no I/O.
 */
export function renderSchemaFiles(sets: readonly SchemaSet[] = SCHEMA_SETS): Map<string, string> {
  const entries = sets.flatMap((set) =>
    Object.entries(set.schemas).map(([name, schema]): [string, string] => [
      `${set.dir}/${name}${SUFFIX}`,
      formatSchema(contractJsonSchema(schema)),
    ]),
  );
  return new Map(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** Relative paths whose file under `root` is missing or differs from `expected`. */
export function findDriftedFiles(root: string, expected: ReadonlyMap<string, string>): string[] {
  return [...expected].filter(([file, content]) => readOrUndefined(path.join(root, file)) !== content).map(([file]) => file);
}

/**
 * Compares every frozen snapshot `<dir>/frozen/<version>/<name>.schema.json` under `root` with
 * the freshly rendered schema of the same name, returning one readable line per problem (a frozen
 * schema that no longer exists counts as removed).
 */
export function findFrozenViolations(
  root: string,
  expected: ReadonlyMap<string, string>,
  sets: readonly SchemaSet[] = SCHEMA_SETS,
): string[] {
  const problems: string[] = [];
  for (const dir of new Set(sets.map((set) => set.dir))) {
    const frozenRoot = path.join(root, dir, 'frozen');
    for (const version of listDir(frozenRoot).sort()) {
      for (const file of listDir(path.join(frozenRoot, version))
        .filter((f) => f.endsWith(SUFFIX))
        .sort()) {
        const frozenFile = `${dir}/frozen/${version}/${file}`;
        const current = expected.get(`${dir}/${file}`);
        if (current === undefined) {
          problems.push(`${frozenFile}: removed — no current schema named ${file}`);
          continue;
        }
        const frozen: unknown = JSON.parse(readFileSync(path.join(root, frozenFile), 'utf8'));
        for (const v of findAppendOnlyViolations(frozen, JSON.parse(current)))
          problems.push(`${frozenFile}: ${v.kind} at ${v.path}: ${v.message}`);
      }
    }
  }
  return problems;
}

/** Writes each expected file under `root`, creating directories. Returns the paths written. */
export function writeSchemaFiles(root: string, expected: ReadonlyMap<string, string>): string[] {
  for (const [file, content] of expected) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return [...expected.keys()];
}

/**
 * Snapshots the current schemas of every set under `<dir>/frozen/<version>/`. Refuses (returns
 * the conflicting paths, writes nothing) when any snapshot file already exists.
 */
export function freezeSchemas(
  root: string,
  version: string,
  expected: ReadonlyMap<string, string>,
  sets: readonly SchemaSet[] = SCHEMA_SETS,
): { written: string[]; conflicts: string[] } {
  const dirs = new Set(sets.map((set) => set.dir));
  const snapshot = new Map<string, string>();
  for (const [file, content] of expected) {
    const dir = path.posix.dirname(file);
    if (dirs.has(dir)) snapshot.set(`${dir}/frozen/${version}/${path.posix.basename(file)}`, content);
  }
  const conflicts = [...snapshot.keys()].filter((file) => existsSync(path.join(root, file)));
  if (conflicts.length > 0) return { written: [], conflicts };
  return { written: writeSchemaFiles(root, snapshot), conflicts };
}

/** Command-line entry. Returns the process exit code. */
export function main(argv: readonly string[]): number {
  const option = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const root = path.resolve(option('--root') ?? defaultRoot);
  const expected = renderSchemaFiles();
  const freezeVersion = option('--freeze');
  if (argv.includes('--freeze') && !/^v\d+$/.test(freezeVersion ?? '')) {
    console.error('--freeze needs a version label such as v2');
    return 2;
  }
  if (freezeVersion !== undefined) {
    const { written, conflicts } = freezeSchemas(root, freezeVersion, expected);
    for (const file of conflicts) console.error(`already frozen, not overwritten: ${file}`);
    for (const file of written) console.log(`froze ${file}`);
    return conflicts.length > 0 ? 1 : 0;
  }
  if (argv.includes('--check')) {
    const drifted = findDriftedFiles(root, expected);
    const violations = findFrozenViolations(root, expected);
    for (const file of drifted) console.error(`drifted: ${file}`);
    for (const line of violations) console.error(`append-only violation: ${line}`);
    if (drifted.length > 0) console.error('Run `npm run schemas` and commit the result.');
    if (drifted.length + violations.length > 0) return 1;
    console.log(`${expected.size} schema files up to date`);
    return 0;
  }
  for (const file of writeSchemaFiles(root, expected)) console.log(`wrote ${file}`);
  return 0;
}

function readOrUndefined(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function listDir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
