/**
 * The named parts of src/core, enforced: the browser-safe core (src/core/browserSafeCore.json,
 * read by eslint.config.js) imports nothing of Node and nothing outside itself, the webview imports only
 * that part, and the folders of core import each other in one direction (no cycles). ESLint rules
 * are proven to fire on deliberate violations; the import graph of the real sources is checked
 * against the same list.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { coreFolderEdges, cyclesOf, fileEdges, readImportGraph, reachableFrom, repoRoot } from '../support/importGraph.js';

const eslint = new ESLint({ cwd: repoRoot });
/** The list eslint.config.js enforces. */
const BROWSER_SAFE_CORE = (
  JSON.parse(readFileSync(path.join(repoRoot, 'src', 'core', 'browserSafeCore.json'), 'utf8')) as { files: string[] }
).files;

async function restrictedImportErrors(code: string, relativePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, relativePath) });
  if (!result) throw new Error('ESLint returned no result');
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2).map((m) => m.message);
}

/** Whether a repository-relative file is in the browser-safe core. */
function isBrowserSafe(file: string): boolean {
  return BROWSER_SAFE_CORE.some((glob) => (glob.endsWith('/**') ? file.startsWith(glob.slice(0, -2)) : file === glob));
}

const graph = readImportGraph();

describe('the browser-safe core, by lint', () => {
  it.each([
    ["import { readFile } from 'node:fs';\nexport const probe = readFile;\n", 'src/core/workflow/probe.ts', 'no Node built-ins'],
    ["import { join } from 'path';\nexport const probe = join;\n", 'src/core/contracts/probe.ts', 'no Node built-ins'],
    ["import { execa } from 'execa';\nexport const probe = execa;\n", 'src/core/protocol/probe.ts', 'Node-only package'],
    [
      "import { createHash } from 'node:crypto';\nexport const probe = createHash;\n",
      'src/core/validation/urls.ts',
      'no Node built-ins',
    ],
    [
      "import { EnvironmentService } from '../environment/environmentService.js';\nexport const probe = EnvironmentService;\n",
      'src/core/workflow/probe.ts',
      'imports only browser-safe core',
    ],
    [
      "import { normalizeRequirement } from '../requirements/normalize.js';\nexport const probe = normalizeRequirement;\n",
      'src/core/errors/probe.ts',
      'imports only browser-safe core',
    ],
    [
      "import { validateRequirementsPayload } from '../validation/requirementsPayload.js';\nexport const probe = validateRequirementsPayload;\n",
      'src/core/protocol/probe.ts',
      'imports only browser-safe core',
    ],
  ])('rejects %j in %s', async (code, file, message) => {
    expect(await restrictedImportErrors(code, file)).toEqual([expect.stringContaining(message)]);
  });

  it('lets browser-safe core import browser-safe core (and zod)', async () => {
    const code =
      "import * as z from 'zod';\nimport { validateIndexUrl } from '../validation/urls.js';\nimport { normalizePackageName } from '../requirements/packageName.js';\nimport type { Result } from '../errors/structuredError.js';\nexport type Probe = Result<string>;\nexport const probe = [z, validateIndexUrl, normalizePackageName];\n";
    expect(await restrictedImportErrors(code, 'src/core/workflow/probe.ts')).toEqual([]);
  });

  it.each([
    [
      "import { EnvironmentService } from '../../core/environment/environmentService.js';\nexport const probe = EnvironmentService;\n",
    ],
    [
      "import { validateRequirementsPayload } from '../../core/validation/requirementsPayload.js';\nexport const probe = validateRequirementsPayload;\n",
    ],
    ["import { nodePathProbe } from '../../core/validation/nodePathProbe.js';\nexport const probe = nodePathProbe;\n"],
    ["import { createNodeRunners } from '../../core/nodes/createNodeRunners.js';\nexport const probe = createNodeRunners;\n"],
  ])('rejects the webview importing core outside the browser-safe part: %j', async (code) => {
    expect(await restrictedImportErrors(code, 'src/webview/state/probe.ts')).toEqual([
      expect.stringContaining('only the browser-safe core'),
    ]);
  });

  it('lets the webview import the browser-safe core', async () => {
    const code =
      "import { applyWorkflowEdits } from '../../core/workflow/applyEdits.js';\nimport { validateIndexUrl } from '../../core/validation/urls.js';\nimport { parseHostMessage } from '../../core/protocol/envelope.js';\nexport const probe = [applyWorkflowEdits, validateIndexUrl, parseHostMessage];\n";
    expect(await restrictedImportErrors(code, 'src/webview/state/probe.ts')).toEqual([]);
  });
});

describe('the import graph of src/', () => {
  it('reads the real sources (the webview imports the workflow model and the protocol)', () => {
    expect(graph.get('src/webview/hostBridge.ts')?.files.some((f) => f.startsWith('src/core/protocol/'))).toBe(true);
    expect(isBrowserSafe('src/core/workflow/applyEdits.ts')).toBe(true);
    expect(isBrowserSafe('src/core/validation/requirementsPayload.ts')).toBe(false);
  });

  it('everything the webview reaches in core is browser-safe, and the browser-safe core imports no Node', () => {
    const webview = [...graph.keys()].filter((f) => f.startsWith('src/webview/'));
    const reached = [...reachableFrom(graph, webview)].filter((f) => f.startsWith('src/core/'));
    expect(reached.filter((f) => !isBrowserSafe(f))).toEqual([]);
    const safe = [...graph.keys()].filter(isBrowserSafe);
    const leaks = safe.flatMap((file) => [
      ...graph
        .get(file)!
        .files.filter((t) => !isBrowserSafe(t))
        .map((t) => `${file} → ${t}`),
      ...graph
        .get(file)!
        .packages.filter((p) => !['zod', 'zod/v4/core', 'jsonc-parser'].includes(p))
        .map((p) => `${file} → ${p}`),
    ]);
    expect(leaks).toEqual([]);
  });

  it('has no import cycle between the folders of src/core, nor between any two files of src/', () => {
    expect(cyclesOf(coreFolderEdges(graph))).toEqual([]);
    expect(cyclesOf(fileEdges(graph))).toEqual([]);
  });

  it('finds a cycle when there is one (the detector itself)', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cyclesOf(edges)).toEqual([['a', 'b', 'c']]);
  });
});
