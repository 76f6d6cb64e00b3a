/**
 * Wheel compatibility tags as wheel file names carry them (PEP 425): a "compressed" tag set such
 * as `py2.py3-none-any` stands for every combination of its dot-separated parts.
 */

/**
 * Every `python-abi-platform` tag a possibly compressed tag set stands for, in file-name order.
 * Pure; a malformed set (not three `-`-separated parts) gives no tags.
 * @example expandCompressedTag('py2.py3-none-any') // ['py2-none-any', 'py3-none-any']
 */
export function expandCompressedTag(tagSet: string): string[] {
  const parts = tagSet.split('-').map((part) => part.split('.'));
  if (parts.length !== 3) return [];
  const [pythons, abis, platforms] = parts as [string[], string[], string[]];
  return pythons.flatMap((python) => abis.flatMap((abi) => platforms.map((platform) => `${python}-${abi}-${platform}`)));
}
