/**
 * Progressive mounting of secondary chrome: `false` until the browser is first idle after mount —
 * the canvas's nodes and edges have been laid out and painted — then `true`. The minimap draws
 * every node of the workflow (500 SVG shapes, one store subscription each, ≈ 0.1 s on a 500-node
 * graph here), so it mounts after the nodes on screen are shown instead of delaying them.
 * `requestIdleCallback` (at most `IDLE_TIMEOUT_MS` late on a busy page); where it is missing
 * (jsdom), two animation frames. One-shot, cancelled on unmount.
 */
import { useEffect, useState } from 'react';

/** The latest the idle callback runs on a page that never goes idle. */
export const IDLE_TIMEOUT_MS = 1000;

/** See the module comment. @example const showMinimap = useAfterFirstIdle(); */
export function useAfterFirstIdle(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(() => setPainted(true), { timeout: IDLE_TIMEOUT_MS });
      return () => cancelIdleCallback(id);
    }
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => setPainted(true));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, []);
  return painted;
}
