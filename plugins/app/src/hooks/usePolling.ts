/**
 * Calls `tick` every `intervalMs` while `active` is true. One timer at a time, restarted after
 * each tick finishes (a slow backend never gets overlapping polls), stopped on unmount.
 */
import { useEffect, useRef } from 'react';

export function usePolling(active: boolean, intervalMs: number, tick: () => Promise<unknown>): void {
  const tickRef = useRef(tick);
  useEffect(() => {
    tickRef.current = tick;
  });

  useEffect(() => {
    if (!active) {
      return;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      timer = setTimeout(async () => {
        await tickRef.current().catch(() => undefined);
        if (!stopped) {
          schedule();
        }
      }, intervalMs);
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, intervalMs]);
}
