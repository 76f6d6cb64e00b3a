/**
 * The core metadata a resolver needs from a wheel (`*.dist-info/METADATA`): name, version,
 * Requires-Python and Requires-Dist, read from the archive without unpacking it.
 */
import { openZip } from '../packaging/zipReader.js';
import { parseHeaders } from '../wheelInstaller/wheelMetadata.js';

/** A wheel's resolution-relevant metadata. */
export interface WheelCoreMetadata {
  readonly name: string;
  readonly version: string;
  readonly requiresPython: string | null;
  readonly requiresDist: readonly string[];
}

/**
 * Reads the METADATA of the wheel at `wheelPath`; `null` when the archive has no single top-level
 * `*.dist-info/METADATA` or it lacks a name or version (pip would refuse such a wheel; the
 * caller lets pip say so). Throws only on I/O errors and malformed archives.
 */
export async function readWheelCoreMetadata(wheelPath: string): Promise<WheelCoreMetadata | null> {
  const zip = await openZip(wheelPath);
  try {
    const members = zip.members.filter((m) => /^[^/]+\.dist-info\/METADATA$/.test(m.name));
    if (members.length !== 1 || members[0] === undefined) return null;
    const headers = parseHeaders(zip.readMemberSync(members[0]).toString('utf8'));
    const name = headers.get('name')?.[0];
    const version = headers.get('version')?.[0];
    if (!name || !version) return null;
    return {
      name,
      version,
      requiresPython: headers.get('requires-python')?.[0] ?? null,
      requiresDist: headers.get('requires-dist') ?? [],
    };
  } finally {
    await zip.close();
  }
}
