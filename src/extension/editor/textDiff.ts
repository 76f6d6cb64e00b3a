/**
 * Minimal line-based text diff for writing a re-serialized workflow back into its document:
 * only the lines that changed are replaced, so undo, dirty markers, cursors in a side-by-side
 * text editor and git diffs stay small. Pure, no `vscode`.
 */

/** One replacement in the old text: characters `[start, end)` become `text`. Offsets are UTF-16. */
export interface TextReplacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Above this many cells (old middle lines × new middle lines), the middle is replaced as one hunk. */
export const MAX_LCS_CELLS = 4_000_000;

/** Splits text into lines that keep their terminators (`\n` or `\r\n`); `''` → `[]`. */
export function splitLinesKeepingEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Hunks over the middle section via LCS: pairs of (old range, new range) in line indices. */
function lcsHunks(a: readonly string[], b: readonly string[]): { aStart: number; aEnd: number; bStart: number; bEnd: number }[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j] = LCS of a[i..] and b[j..], stored flat.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  const hunks: { aStart: number; aEnd: number; bStart: number; bEnd: number }[] = [];
  let i = 0;
  let j = 0;
  let open: { aStart: number; bStart: number } | null = null;
  const close = (): void => {
    if (open) hunks.push({ aStart: open.aStart, aEnd: i, bStart: open.bStart, bEnd: j });
    open = null;
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      close();
      i++;
      j++;
    } else {
      open ??= { aStart: i, bStart: j };
      if (j >= m || (i < n && (lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0))) i++;
      else j++;
    }
  }
  close();
  return hunks;
}

/**
 * The replacements turning `oldText` into `newText`, line by line: common leading and trailing
 * lines are kept, and inside the rest only runs of lines that differ are replaced (LCS), unless
 * the middle is too large ({@link MAX_LCS_CELLS}), in which case it is one replacement. Returned
 * in ascending order, non-overlapping, offsets relative to `oldText`; `[]` when the texts are
 * equal. Applying them (from last to first) to `oldText` yields exactly `newText`. Pure.
 * The common leading and trailing lines are found on characters first, so only the changed middle
 * of a big document is split into lines (a moved node of a 500-node workflow: a few hundred lines).
 * @example computeLineDiff('a\nb\nc\n', 'a\nB\nc\n') → [{ start: 2, end: 4, text: 'B\n' }]
 */
export function computeLineDiff(oldText: string, newText: string): TextReplacement[] {
  if (oldText === newText) return [];
  const shortest = Math.min(oldText.length, newText.length);
  let same = 0;
  while (same < shortest && oldText.charCodeAt(same) === newText.charCodeAt(same)) same++;
  // Back to the start of the line holding the first difference: everything before it is whole equal lines.
  const head = same === 0 ? 0 : oldText.lastIndexOf('\n', same - 1) + 1;
  let tail = 0;
  while (
    tail < shortest - head &&
    oldText.charCodeAt(oldText.length - 1 - tail) === newText.charCodeAt(newText.length - 1 - tail)
  )
    tail++;
  // On to the next line start, so that the kept end is whole equal lines too.
  const oldEnd = oldText.length - tail;
  const lineStart =
    oldEnd === 0 || oldText.charCodeAt(oldEnd - 1) === 10 ? oldEnd : oldText.indexOf('\n', oldEnd) + 1 || oldText.length;
  const kept = oldText.length - lineStart;
  return middleLineDiff(oldText.slice(head, lineStart), newText.slice(head, newText.length - kept)).map((r) => ({
    start: r.start + head,
    end: r.end + head,
    text: r.text,
  }));
}

/** {@link computeLineDiff} on whole lines, without the character pre-pass. */
function middleLineDiff(oldText: string, newText: string): TextReplacement[] {
  const a = splitLinesKeepingEnds(oldText);
  const b = splitLinesKeepingEnds(newText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix])
    suffix++;
  const aMid = a.slice(prefix, a.length - suffix);
  const bMid = b.slice(prefix, b.length - suffix);
  const offsets: number[] = [0];
  for (const line of a) offsets.push((offsets[offsets.length - 1] ?? 0) + line.length);
  const at = (line: number): number => offsets[line] ?? oldText.length;
  const hunks =
    aMid.length * bMid.length <= MAX_LCS_CELLS
      ? lcsHunks(aMid, bMid)
      : [{ aStart: 0, aEnd: aMid.length, bStart: 0, bEnd: bMid.length }];
  return hunks.map((h) => ({
    start: at(prefix + h.aStart),
    end: at(prefix + h.aEnd),
    text: bMid.slice(h.bStart, h.bEnd).join(''),
  }));
}

/** Above this many parts that differ at the same index, {@link computePartsDiff} aligns the parts by LCS instead. */
export const MAX_POSITIONAL_PARTS = 32;

/** Sums of part lengths: `starts[i]` is where part `i` begins in the joined text. */
function partStarts(parts: readonly string[]): number[] {
  const starts = [0];
  for (const part of parts) starts.push((starts[starts.length - 1] ?? 0) + part.length);
  return starts;
}

/**
 * {@link computeLineDiff} of `oldParts.join('')` and `newParts.join('')`, for texts given in
 * parts of whole lines (every part starts at a line start: `serializeWorkflowParts` — one part per
 * node and edge), without comparing or splitting the equal parts: as many parts on both sides →
 * each part that differs is diffed with the one at its index (unless more than
 * {@link MAX_POSITIONAL_PARTS} differ); else the parts are aligned by LCS (equal parts by string
 * equality) and each unaligned run is diffed as text. Same guarantees as `computeLineDiff`
 * (ascending, non-overlapping, offsets in the old text, `[]` for equal texts, applying them yields
 * the new text); the hunks may be split differently. Pure.
 * @example computePartsDiff(['a\n', 'b\n'], ['a\n', 'B\n']) → [{ start: 2, end: 4, text: 'B\n' }]
 */
export function computePartsDiff(oldParts: readonly string[], newParts: readonly string[]): TextReplacement[] {
  const starts = partStarts(oldParts);
  const at = (part: number): number => starts[part] ?? 0;
  const diffRange = (aStart: number, aEnd: number, bStart: number, bEnd: number): TextReplacement[] => {
    const offset = at(aStart);
    return computeLineDiff(oldParts.slice(aStart, aEnd).join(''), newParts.slice(bStart, bEnd).join('')).map((r) => ({
      start: r.start + offset,
      end: r.end + offset,
      text: r.text,
    }));
  };
  if (oldParts.length === newParts.length) {
    const differing: number[] = [];
    for (let i = 0; i < oldParts.length && differing.length <= MAX_POSITIONAL_PARTS; i++)
      if (oldParts[i] !== newParts[i]) differing.push(i);
    if (differing.length <= MAX_POSITIONAL_PARTS) return mergeTouching(differing.flatMap((i) => diffRange(i, i + 1, i, i + 1)));
  }
  let prefix = 0;
  const shortest = Math.min(oldParts.length, newParts.length);
  while (prefix < shortest && oldParts[prefix] === newParts[prefix]) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && oldParts[oldParts.length - 1 - suffix] === newParts[newParts.length - 1 - suffix])
    suffix++;
  const aMid = oldParts.slice(prefix, oldParts.length - suffix);
  const bMid = newParts.slice(prefix, newParts.length - suffix);
  if (aMid.length * bMid.length > MAX_LCS_CELLS)
    return diffRange(prefix, oldParts.length - suffix, prefix, newParts.length - suffix);
  return mergeTouching(
    lcsHunks(aMid, bMid).flatMap((h) => diffRange(prefix + h.aStart, prefix + h.aEnd, prefix + h.bStart, prefix + h.bEnd)),
  );
}

/**
 * True when `text` is `parts.join('')`, found without joining them (a big joined text costs more
 * than the comparison). Pure.
 */
export function textEqualsParts(text: string, parts: readonly string[]): boolean {
  let length = 0;
  for (const part of parts) length += part.length;
  if (length !== text.length) return false;
  let offset = 0;
  for (const part of parts) {
    if (!text.startsWith(part, offset)) return false;
    offset += part.length;
  }
  return true;
}

/**
 * Ascending replacements with every run of touching ones (one ends where the next starts) made
 * one: an insertion at the end of one part and a change at the start of the next would otherwise
 * share a start offset, and their order would be up to whoever applies them.
 */
function mergeTouching(replacements: readonly TextReplacement[]): TextReplacement[] {
  const merged: TextReplacement[] = [];
  for (const r of replacements) {
    const last = merged[merged.length - 1];
    if (last && last.end === r.start) merged[merged.length - 1] = { start: last.start, end: r.end, text: last.text + r.text };
    else merged.push(r);
  }
  return merged;
}

/** Applies replacements produced by {@link computeLineDiff} to `text`. Pure; for tests and fallbacks. */
export function applyReplacements(text: string, replacements: readonly TextReplacement[]): string {
  let result = text;
  for (const r of [...replacements].sort((x, y) => y.start - x.start))
    result = result.slice(0, r.start) + r.text + result.slice(r.end);
  return result;
}
