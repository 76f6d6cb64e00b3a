/**
 * Shortens long text in the middle (`/home/me/…/wheels/torch`), keeping both ends readable: a
 * path's root and its last segments are what tell two paths apart. Pure.
 */

/**
 * `text` itself when it has at most `max` characters, else its head and tail joined by `…`, the
 * tail getting the larger half (`max` counts the ellipsis; at least 5).
 * @example shortenMiddle('/data/envs/python/py-venv-abc123/bin/python', 24) // '/data/envs…c123/bin/python'
 */
export function shortenMiddle(text: string, max: number): string {
  const limit = Math.max(5, Math.floor(max));
  const chars = Array.from(text);
  if (chars.length <= limit) return text;
  const keep = limit - 1;
  const head = Math.floor(keep / 2);
  const tail = keep - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}
