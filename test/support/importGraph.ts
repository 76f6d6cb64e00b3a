/**
 * The import graph of `src/`, read from the sources (static `import … from`, `export … from` and
 * `import('…')` of relative paths and packages), for the structure tests in test/lint/: cycles
 * between the folders of `src/core`, and what the webview reaches. Text-based, no TypeScript
 * program: good enough for the project's own import style (one import per statement).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One file's imports: repository-relative paths of the source files it imports, and the packages. */
export interface FileImports {
  readonly files: string[];
  readonly packages: string[];
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(full));
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) found.push(full);
  }
  return found;
}

/** Every source file under `src/` (repository-relative, `/` separators) with its imports. */
export function readImportGraph(root: string = repoRoot): Map<string, FileImports> {
  const graph = new Map<string, FileImports>();
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const files: string[] = [];
    const packages: string[] = [];
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      if (spec === undefined) continue;
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '');
        const candidates = [`${target}.ts`, `${target}.tsx`, path.join(target, 'index.ts')];
        const hit = candidates.find((c) => graphHasFile(c));
        files.push(
          path
            .relative(root, hit ?? `${target}.ts`)
            .split(path.sep)
            .join('/'),
        );
      } else packages.push(spec);
    }
    graph.set(path.relative(root, file).split(path.sep).join('/'), { files, packages });
  }
  return graph;
}

function graphHasFile(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The folder of a `src/core/<folder>/…` file, or null outside core. */
export function coreFolderOf(file: string): string | null {
  const match = /^src\/core\/([^/]+)\//.exec(file);
  return match?.[1] ?? null;
}

/** Folder → folders it imports, inside `src/core` (self-edges left out). */
export function coreFolderEdges(graph: ReadonlyMap<string, FileImports>): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [file, imports] of graph) {
    const from = coreFolderOf(file);
    if (from === null) continue;
    const targets = edges.get(from) ?? new Set<string>();
    edges.set(from, targets);
    for (const target of imports.files) {
      const to = coreFolderOf(target);
      if (to !== null && to !== from) targets.add(to);
    }
  }
  return edges;
}

/** Every cycle's members (strongly connected components with more than one node), sorted. */
export function cyclesOf(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const indexes = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indexes.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indexes.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexes.get(next)!));
    }
    if (low.get(node) === indexes.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!indexes.has(node)) visit(node);
  return found.sort((a, b) => a.join().localeCompare(b.join()));
}

/** File-level import edges as a map (for file cycles). */
export function fileEdges(graph: ReadonlyMap<string, FileImports>): Map<string, Set<string>> {
  return new Map([...graph].map(([file, imports]) => [file, new Set(imports.files)]));
}

/** Every file reachable from `starts` through relative imports (the starts included). */
export function reachableFrom(graph: ReadonlyMap<string, FileImports>, starts: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(graph.get(file)?.files ?? []));
  }
  return seen;
}
