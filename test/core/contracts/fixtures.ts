/**
 * Test helpers shared by the contract tests: the repository root and the requirement payload
 * fixtures (`test/fixtures/requirements/`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requirementsFixtureDir } from '../../support/requirementFixtures.js';

export { requirementsFixtureDir };

/** Absolute path of the repository root (three levels above this file). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Every `*.json` fixture as `[fileName, parsedJson]`, sorted by name. Throws when none exist. */
export function loadRequirementFixtures(): [string, Record<string, unknown>][] {
  const names = readdirSync(requirementsFixtureDir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  if (names.length === 0) throw new Error(`no requirement fixtures in ${requirementsFixtureDir}`);
  return names.map((name) => [
    name,
    JSON.parse(readFileSync(path.join(requirementsFixtureDir, name), 'utf8')) as Record<string, unknown>,
  ]);
}

/** A deep copy of a JSON value, for mutating fixtures without touching the originals. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
