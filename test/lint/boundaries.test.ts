import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: repoRoot });

interface Finding {
  readonly ruleId: string | null;
  readonly severity: number;
  readonly message: string;
}

/** Lints `code` as if it lived at `relativePath` (the file need not exist). */
async function lint(code: string, relativePath: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, relativePath) });
  if (!result) throw new Error('ESLint returned no result');
  return result.messages.map(({ ruleId, severity, message }) => ({ ruleId, severity, message }));
}

function errorsOf(findings: readonly Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId && f.severity === 2);
}

describe('layer boundaries enforced by eslint.config.js', () => {
  it('rejects importing vscode from src/core', async () => {
    const findings = await lint("import 'vscode';\n", 'src/core/environment/probe.ts');
    expect(errorsOf(findings, 'no-restricted-imports')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Only src/extension may import vscode') }),
    ]);
  });

  it('rejects a type-only vscode import in src/core too', async () => {
    const findings = await lint(
      "import type { Uri } from 'vscode';\nexport type Probe = Uri;\n",
      'src/core/environment/probe.ts',
    );
    expect(errorsOf(findings, 'no-restricted-imports')).toHaveLength(1);
  });

  it('rejects React in src/cli', async () => {
    const findings = await lint("import React from 'react';\nexport const version = React.version;\n", 'src/cli/probe.ts');
    expect(errorsOf(findings, 'no-restricted-imports')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('React belongs to src/webview only') }),
    ]);
  });

  it('rejects React Flow in src/core', async () => {
    const findings = await lint(
      "import { ReactFlow } from '@xyflow/react';\nexport const flow = ReactFlow;\n",
      'src/core/workflow/probe.ts',
    );
    expect(errorsOf(findings, 'no-restricted-imports')).toHaveLength(1);
  });

  it('rejects src/core importing an outer layer by relative path', async () => {
    const findings = await lint(
      "import { run } from '../../cli/run.js';\nexport const probe = run;\n",
      'src/core/environment/probe.ts',
    );
    expect(errorsOf(findings, 'no-restricted-imports')).toEqual([
      expect.objectContaining({ message: expect.stringContaining('core imports no outer layer') }),
    ]);
  });

  it.each([
    ["import { readFile } from 'node:fs';\nexport const probe = readFile;\n", 'no Node built-ins'],
    ["import { readFile } from 'fs';\nexport const probe = readFile;\n", 'no Node built-ins'],
    ["import { join } from 'node:path';\nexport const probe = join;\n", 'no Node built-ins'],
    ["import * as vscode from 'vscode';\nexport const probe = vscode;\n", 'Only src/extension may import vscode'],
    ["import { execa } from 'execa';\nexport const probe = execa;\n", 'Node-only package'],
  ])('rejects %j in src/webview', async (code, message) => {
    const findings = await lint(code, 'src/webview/components/Probe.tsx');
    expect(errorsOf(findings, 'no-restricted-imports')).toEqual([
      expect.objectContaining({ message: expect.stringContaining(message) }),
    ]);
  });

  it('rejects the webview reaching into the extension host', async () => {
    const findings = await lint(
      "import { host } from '../../extension/host.js';\nexport const probe = host;\n",
      'src/webview/state/probe.ts',
    );
    expect(errorsOf(findings, 'no-restricted-imports')).toHaveLength(1);
  });

  it.each(['src/core/probe.ts', 'src/cli/probe.ts', 'src/extension/probe.ts', 'src/webview/Probe.tsx', 'scripts/probe.ts'])(
    'rejects export default in %s',
    async (file) => {
      const findings = await lint('export default function probe(): number {\n  return 1;\n}\n', file);
      expect(errorsOf(findings, 'no-restricted-syntax')).toEqual([expect.objectContaining({ message: 'Use named exports.' })]);
    },
  );

  it('requires import type for type-only imports', async () => {
    const findings = await lint(
      "import { StructuredError } from '../errors/structuredError.js';\nexport type Probe = StructuredError;\n",
      'src/core/contracts/probe.ts',
    );
    expect(errorsOf(findings, '@typescript-eslint/consistent-type-imports')).toHaveLength(1);
  });

  it('lets src/extension import vscode and the webview import React and contracts', async () => {
    expect(
      await lint("import * as vscode from 'vscode';\nexport const probe = vscode.version;\n", 'src/extension/probe.ts'),
    ).toEqual([]);
    const webview =
      "import { useState } from 'react';\nimport type { EnvironmentRefV1 } from '../core/contracts/environmentRef.js';\nexport function useRef2(): [EnvironmentRefV1 | undefined, (r: EnvironmentRefV1) => void] {\n  return useState<EnvironmentRefV1>();\n}\n";
    expect(await lint(webview, 'src/webview/useRef2.ts')).toEqual([]);
  });

  it('rejects the named z import from zod (it defeats tree shaking in the webview bundle), allows the namespace and type imports', async () => {
    const named = await lint("import { z } from 'zod';\nexport const name = z.string();\n", 'src/core/contracts/probe.ts');
    expect(errorsOf(named, 'no-restricted-syntax')).toEqual([
      expect.objectContaining({ message: expect.stringContaining("import * as z from 'zod'") }),
    ]);
    const namespace = await lint("import * as z from 'zod';\nexport const name = z.string();\n", 'src/core/contracts/probe.ts');
    const typeOnly = await lint(
      "import type { z } from 'zod';\nexport type Name = z.ZodString;\n",
      'src/core/contracts/probe.ts',
    );
    expect(errorsOf([...namespace, ...typeOnly], 'no-restricted-syntax')).toEqual([]);
  });

  it('passes a clean core file', async () => {
    const code = [
      "import * as z from 'zod';",
      "import { readFile } from 'node:fs/promises';",
      "import type { Result } from '../errors/structuredError.js';",
      "import { ok } from '../errors/structuredError.js';",
      '',
      '/** Reads a name. */',
      'export async function readName(file: string): Promise<Result<string>> {',
      "  return ok(z.string().parse(await readFile(file, 'utf8')));",
      '}',
      '',
    ].join('\n');
    expect(await lint(code, 'src/core/probe/readName.ts')).toEqual([]);
  });
});
