/**
 * Keeps docs/benchmarks.md as a set of `## <Heading>` sections owned by different writers (the
 * benchmark, the load test, other engineers): replacing one section leaves every other untouched.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** docs/benchmarks.md of this checkout. */
export const benchmarksDocPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'benchmarks.md');

const TITLE =
  '# Benchmarks\n\nMeasured on the machine described in each section; regenerate with `npm run bench` and `npm run test:load`.\n';

/**
 * Replaces (or appends) the section `## <heading>` of `markdown` with `body`. A section runs to
 * the next `## ` heading or the end. Pure.
 */
export function replaceSection(markdown: string, heading: string, body: string): string {
  const text = markdown.trim() === '' ? TITLE : markdown;
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  const section = [`## ${heading}`, '', ...body.trim().split('\n'), ''];
  if (start === -1) return `${text.replace(/\n*$/, '\n')}\n${section.join('\n')}`;
  let end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  if (end === -1) end = lines.length;
  return [...lines.slice(0, start), ...section, ...lines.slice(end)].join('\n').replace(/\n*$/, '\n');
}

/** Rewrites one section of docs/benchmarks.md (creating the file if needed). */
export async function writeBenchmarkSection(heading: string, body: string, path = benchmarksDocPath): Promise<void> {
  let current = '';
  try {
    current = await readFile(path, 'utf8');
  } catch {
    current = '';
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, replaceSection(current, heading, body));
}
