import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyReplacements, computeLineDiff, splitLinesKeepingEnds } from '../../../src/extension/editor/textDiff.js';

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
