import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type ApiRequestError } from '../services/errors';
import { appStore } from '../store/app-store';

export interface Query<T> {
  data: T | undefined;
  error: ApiRequestError | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Server data where it is shown: loads on mount and when `deps` change; `reload` for retry and pull-to-refresh. */
export function useQuery<T>(load: () => Promise<T>, deps: unknown[], enabled = true): Query<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiRequestError | null>(null);
  const [loading, setLoading] = useState(enabled);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const value = await loadRef.current();
      if (mine === seq.current) setData(value);
    } catch (e) {
      if (mine === seq.current) setError(toApiError(e, appStore.get().prefs.locale));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (enabled) void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps, spread: the rule cannot read them (load is read through loadRef)
  }, [enabled, ...deps]);

  return { data, error, loading, reload };
}
