/**
 * Loads one resource and keeps the last good value while reloading, so a poll or an action's
 * refresh never blanks the page. `error` is the latest failure (cleared by the next success).
 * Answers that arrive after unmount or after a newer request are dropped (no stale overwrite).
 */
import { useCallback, useEffect, useRef, useState } from 'react';

import { toApiError, type ApiError } from '../api/problem';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

export function useResource<T>(load: () => Promise<T>): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const alive = useRef(true);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const value = await loadRef.current();
      if (alive.current && mine === seq.current) {
        setData(value);
        setError(undefined);
      }
    } catch (err) {
      if (alive.current && mine === seq.current) {
        setError(toApiError(err));
      }
    } finally {
      if (alive.current && mine === seq.current) {
        setLoading(false);
      }
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    void reload();
    return () => {
      alive.current = false;
    };
  }, [reload]);

  return { data, error, loading, reload };
}
