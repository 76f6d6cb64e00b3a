/**
 * Where the requirement payload fixtures live: `test/fixtures/requirements/` inside the repository
 * (never outside it, so a fresh clone tests with nothing beside it).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the folder holding the DependencyRequirementsV1 payload fixtures. */
export const requirementsFixtureDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'requirements',
);

/** Absolute path of one fixture, e.g. `requirementFixturePath('onnx-tts.needs-input.json')`. */
export function requirementFixturePath(name: string): string {
  return path.join(requirementsFixtureDir, name);
}
