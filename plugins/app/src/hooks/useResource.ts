/**
 * Loads one resource and keeps the last good value while reloading, so a poll or an action's
 * refresh never blanks the page. `error` is the latest failure (cleared by the next success).
 * Answers that arrive after unmount or after a newer request are dropped (no stale overwrite).
 * `load` must be stable (a class-bound method or a useCallback); `key` re-loads when it changes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

import { toApiError, type ApiError } from '../api/problem';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

interface State<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
}

export function useResource<T>(load: () => Promise<T>, key?: unknown): Resource<T> {
  const [state, setState] = useState<State<T>>({ loading: true });
  // Only the latest request may write state; a token stops being live on unmount or re-key.
  const latest = useRef<{ live: boolean } | null>(null);

  const settle = useCallback(
    async (token: { live: boolean }) => {
      const current = () => token.live && token === latest.current;
      try {
        const data = await load();
        if (current()) {
          setState({ data, loading: false });
        }
      } catch (err) {
        if (current()) {
          setState((s) => ({ ...s, error: toApiError(err), loading: false }));
        }
      }
    },
    [load]
  );

  const reload = useCallback(async () => {
    const token = { live: true };
    latest.current = token;
    setState((s) => ({ ...s, loading: true }));
    await settle(token);
  }, [settle]);

  useEffect(() => {
    const token = { live: true };
    latest.current = token;
    void settle(token);
    return () => {
      token.live = false;
    };
  }, [settle, key]);

  return { data: state.data, error: state.error, loading: state.loading, reload };
}
