/** Small helpers for reporting process output. Pure. */

/** The last `count` non-empty lines of `text`, joined with newlines (for error messages). */
export function tailLines(text: string, count: number): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-count)
    .join('\n');
}
