import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_POSITIONAL_PARTS,
  applyReplacements,
  computeLineDiff,
  computePartsDiff,
  splitLinesKeepingEnds,
} from '../../../src/extension/editor/textDiff.js';

describe('computeLineDiff', () => {
  it('returns no replacement when the texts are equal', () => {
    expect(computeLineDiff('a\nb\n', 'a\nb\n')).toEqual([]);
  });

  it('replaces only the one line that changed', () => {
    expect(computeLineDiff('a\nb\nc\n', 'a\nB\nc\n')).toEqual([{ start: 2, end: 4, text: 'B\n' }]);
  });

  it('produces two small hunks for two distant changes instead of one large range', () => {
    const old = Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join('');
    const next = old.replace('line 3\n', 'line three\n').replace('line 45\n', 'line forty-five\n');
    const hunks = computeLineDiff(old, next);
    expect(hunks).toHaveLength(2);
    expect(hunks.map((h) => h.text)).toEqual(['line three\n', 'line forty-five\n']);
    expect(applyReplacements(old, hunks)).toBe(next);
  });

  it('inserts lines with an empty range', () => {
    const hunks = computeLineDiff('a\nc\n', 'a\nb\nc\n');
    expect(hunks).toEqual([{ start: 2, end: 2, text: 'b\n' }]);
  });

  it('deletes lines with an empty replacement', () => {
    expect(computeLineDiff('a\nb\nc\n', 'a\nc\n')).toEqual([{ start: 2, end: 4, text: '' }]);
  });

  it('handles a last line without a terminator and CRLF line ends', () => {
    expect(applyReplacements('a\nb', computeLineDiff('a\nb', 'a\nb\nc'))).toBe('a\nb\nc');
    expect(applyReplacements('a\r\nb\r\n', computeLineDiff('a\r\nb\r\n', 'a\r\nx\r\n'))).toBe('a\r\nx\r\n');
    expect(splitLinesKeepingEnds('x\r\ny')).toEqual(['x\r\n', 'y']);
  });

  it('always turns the old text into the new text', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', '{', '}', ''), { maxLength: 30 }).map((lines) => lines.join('\n'));
    fc.assert(fc.property(text, text, (a, b) => applyReplacements(a, computeLineDiff(a, b)) === b));
  });

  it('replaces nothing in the equal lines around a change, however long (the character pre-pass keeps whole lines)', () => {
    const lines = fc
      .array(fc.constantFrom('a', 'b', 'ab', '{', ''), { maxLength: 12 })
      .map((l) => l.map((x) => `${x}\n`).join(''));
    fc.assert(
      fc.property(lines, lines, lines, lines, (head, oldMiddle, newMiddle, tail) => {
        // Sentinel lines the middles never hold: the change cannot be placed in the equal lines.
        const before = `${head}<\n`;
        const after = `>\n${tail}`;
        const replacements = computeLineDiff(before + oldMiddle + after, before + newMiddle + after);
        expect(applyReplacements(before + oldMiddle + after, replacements)).toBe(before + newMiddle + after);
        for (const r of replacements) {
          expect(r.start).toBeGreaterThanOrEqual(before.length);
          expect(r.end).toBeLessThanOrEqual(before.length + oldMiddle.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('returns ascending, non-overlapping ranges', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 20 }).map((lines) => lines.join('\n') + '\n');
    fc.assert(
      fc.property(text, text, (a, b) => {
        const hunks = computeLineDiff(a, b);
        return hunks.every((h, i) => h.start <= h.end && (i === 0 || (hunks[i - 1]?.end ?? 0) <= h.start));
      }),
    );
  });
});

/** A part of whole lines, as `serializeWorkflowParts` makes them. */
const part = fc
  .array(fc.constantFrom('a', 'b', '  {', '}', ''), { minLength: 1, maxLength: 4 })
  .map((l) => l.map((x) => `${x}\n`).join(''));
const parts = fc.array(part, { maxLength: 12 });

/** Ascending, non-overlapping, and turning `a.join('')` into `b.join('')`. */
function checkPartsDiff(a: readonly string[], b: readonly string[]): ReturnType<typeof computePartsDiff> {
  const hunks = computePartsDiff(a, b);
  expect(applyReplacements(a.join(''), hunks)).toBe(b.join(''));
  hunks.forEach((h, i) => expect(h.start <= h.end && (i === 0 || (hunks[i - 1]?.end ?? 0) <= h.start)).toBe(true));
  return hunks;
}

describe('computePartsDiff', () => {
  it('diffs only the parts that differ, each with the part at its index', () => {
    const a = ['{\n', '  "x": 1,\n  "y": 2\n', '  "z": 3\n', '}\n'];
    const b = ['{\n', '  "x": 1,\n  "y": 5\n', '  "z": 3\n', '}\n'];
    expect(checkPartsDiff(a, b)).toEqual([{ start: 12, end: 21, text: '  "y": 5\n' }]);
    expect(computePartsDiff(a, [...a])).toEqual([]);
  });

  it('replaces two small ranges, not everything between, for changes in the first and the last of many parts', () => {
    const a = Array.from({ length: 2000 }, (_, i) => `  "item${i}": ${i},\n`);
    const b = [...a];
    b[0] = '  "changed": true,\n';
    b[1999] = '  "last": 0\n';
    expect(checkPartsDiff(a, b).map((h) => h.text)).toEqual(['  "changed": true,\n', '  "last": 0\n']);
  });

  it('aligns parts by LCS when parts were added or removed', () => {
    const a = ['{\n', 'n1\n', 'n2\n', 'n3\n', '}\n'];
    expect(checkPartsDiff(a, ['{\n', 'n1\n', 'n3\n', '}\n'])).toEqual([{ start: 5, end: 8, text: '' }]);
    expect(checkPartsDiff(a, ['{!\n', 'n1\n', 'n2\n', 'n3\n', 'n4\n', '}\n'])).toEqual([
      { start: 0, end: 2, text: '{!\n' },
      { start: 11, end: 11, text: 'n4\n' },
    ]);
  });

  it('falls back to aligning by LCS when more than MAX_POSITIONAL_PARTS parts differ at their index', () => {
    const a = Array.from({ length: MAX_POSITIONAL_PARTS + 10 }, (_, i) => `p${i}\n`);
    // One part inserted at the front, one dropped at the end: every index differs, one hunk each end.
    const b = ['new\n', ...a.slice(0, -1)];
    expect(checkPartsDiff(a, b)).toHaveLength(2);
  });

  it('always turns the old text into the new text with ascending, non-overlapping ranges (property)', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => void checkPartsDiff(a, b)),
      { numRuns: 500 },
    );
    // Same part counts (the positional path), edited in place.
    fc.assert(
      fc.property(parts, fc.array(fc.tuple(fc.nat(), part), { maxLength: 4 }), (a, changes) => {
        const b = [...a];
        for (const [i, p] of changes) if (b.length > 0) b[i % b.length] = p;
        checkPartsDiff(a, b);
      }),
      { numRuns: 500 },
    );
  });
});
