/**
 * Reading the JSON inputs of commands: a DependencyRequirementsV1 payload, override patch files
 * (one patch or an array of patches each), and `--override node=patch.json` pairs. Shape checks
 * beyond "is JSON" are the environment service's job (it reports every field at once).
 */
import { readFile } from 'node:fs/promises';
import type { CliIo } from './context.js';
import { userPath } from './context.js';
import { CliError, EXIT_USAGE } from './exitCodes.js';

/** Reads and parses a JSON file named on the command line; exit 2 when it is unreadable or not JSON. */
export async function readJsonFile(file: string, what: string, io: Pick<CliIo, 'cwd'>): Promise<unknown> {
  const path = userPath(file, io.cwd);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      EXIT_USAGE,
      `cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { hint: `Pass the path of an existing ${what} JSON file.` },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(EXIT_USAGE, `${what} ${file} is not valid JSON: ${(error as Error).message}`, {
      hint: 'Check the file with a JSON validator.',
    });
  }
}

/** Reads override patch files; each holds one DependencyOverridePatchV1 or an array of them. */
export async function readOverridePatches(files: readonly string[], io: Pick<CliIo, 'cwd'>): Promise<unknown[]> {
  const patches: unknown[] = [];
  for (const file of files) {
    const value = await readJsonFile(file, 'override patch', io);
    if (Array.isArray(value)) patches.push(...(value as unknown[]));
    else patches.push(value);
  }
  return patches;
}

/** Parses `--override node=patch.json` pairs into node id → patches. Exit 2 on a pair without `=`. */
export async function readNodeOverrides(pairs: readonly string[], io: Pick<CliIo, 'cwd'>): Promise<Record<string, unknown[]>> {
  const byNode: Record<string, unknown[]> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1) {
      throw new CliError(EXIT_USAGE, `--override ${JSON.stringify(pair)} is not node=patch.json`, {
        hint: 'Example: --override environment=wheels.patch.json',
      });
    }
    const node = pair.slice(0, at);
    (byNode[node] ??= []).push(...(await readOverridePatches([pair.slice(at + 1)], io)));
  }
  return byNode;
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
