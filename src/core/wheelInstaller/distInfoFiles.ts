/**
 * The `.dist-info` files an installer writes itself rather than taking from the wheel: `INSTALLER`,
 * `REQUESTED`, `direct_url.json` (PEP 610, in pip's byte form) and `RECORD`. Pure, no I/O.
 */

/** `.dist-info` files the installer writes itself; a wheel's own copies are not installed. */
export const INSTALLER_DIST_INFO_FILES: ReadonlySet<string> = new Set(['RECORD', 'INSTALLER', 'REQUESTED', 'direct_url.json']);

/** What the installer records about one installation. */
export interface InstallerFacts {
  /** Written to `INSTALLER`, followed by a newline. */
  readonly installer: string;
  /** The user asked for the distribution: an empty `REQUESTED` is written. */
  readonly requested: boolean;
  /** PEP 610 content for `direct_url.json`; no file when undefined. */
  readonly directUrl?: Readonly<Record<string, unknown>>;
}

/**
 * The installer's own `.dist-info` files but RECORD (which lists them, so it is written last), as
 * `[file name, bytes]` in writing order: `INSTALLER`, then `REQUESTED` when requested, then
 * `direct_url.json` ({@link pythonJsonDumps}) when `directUrl` is given. Pure.
 */
export function installerDistInfoFiles(facts: InstallerFacts): [string, Buffer][] {
  const files: [string, Buffer][] = [['INSTALLER', Buffer.from(`${facts.installer}\n`)]];
  if (facts.requested) files.push(['REQUESTED', Buffer.alloc(0)]);
  if (facts.directUrl !== undefined) files.push(['direct_url.json', Buffer.from(pythonJsonDumps(facts.directUrl))]);
  return files;
}

/** JSON as Python's `json.dumps(value, sort_keys=True)` writes it (pip's direct_url.json form). Pure. */
export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${pythonJsonDumps(record[k])}`).join(', ')}}`;
  }
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
