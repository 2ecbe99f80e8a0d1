import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type ApiRequestError } from '../../services/errors';
import { appStore } from '../../store/app-store';

interface PagesState<P, I> {
  /** The first page's answer (for what comes with it, like a summary). */
  first: P | undefined;
  items: I[] | undefined;
  nextCursor: string | null;
  loading: boolean;
  error: ApiRequestError | null;
  loadingMore: boolean;
  moreError: ApiRequestError | null;
}

const localeNow = () => appStore.get().prefs.locale;

/**
 * A list read page by page with a cursor, newest first: loads again from the start whenever `key` (the filters)
 * changes or on `refresh`; `loadMore` appends the next page. Answers to an older key are dropped.
 */
export function useCursorPages<P extends { items: unknown[]; nextCursor: string | null }>(
  load: (cursor: string | null) => Promise<P>,
  key: string,
  enabled: boolean,
  idOf: (item: P['items'][number]) => string,
) {
  type I = P['items'][number];
  const [state, setState] = useState<PagesState<P, I>>({
    first: undefined,
    items: undefined,
    nextCursor: null,
    loading: enabled,
    error: null,
    loadingMore: false,
    moreError: null,
  });
  const current = useRef(state);
  current.current = state;
  const loadRef = useRef(load);
  loadRef.current = load;
  const idRef = useRef(idOf);
  idRef.current = idOf;
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true, error: null, moreError: null }));
    try {
      const page = await loadRef.current(null);
      if (mine === generation.current) {
        setState({ first: page, items: page.items as I[], nextCursor: page.nextCursor, loading: false, error: null, loadingMore: false, moreError: null });
      }
    } catch (e) {
      if (mine === generation.current) setState((s) => ({ ...s, loading: false, error: toApiError(e, localeNow()) }));
    }
  }, []);

  const loadMore = useCallback(async () => {
    const { nextCursor, loadingMore, loading, items } = current.current;
    if (!nextCursor || loadingMore || loading || !items) return;
    const mine = generation.current;
    setState((s) => ({ ...s, loadingMore: true, moreError: null }));
    try {
      const page = await loadRef.current(nextCursor);
      if (mine !== generation.current) return;
      setState((s) => {
        const have = new Set((s.items ?? []).map((i) => idRef.current(i)));
        return {
          ...s,
          loadingMore: false,
          items: [...(s.items ?? []), ...(page.items as I[]).filter((i) => !have.has(idRef.current(i)))],
          nextCursor: page.nextCursor,
        };
      });
    } catch (e) {
      if (mine === generation.current) setState((s) => ({ ...s, loadingMore: false, moreError: toApiError(e, localeNow()) }));
    }
  }, []);

  useEffect(() => {
    if (enabled) void refresh();
  }, [enabled, key, refresh]);

  return { ...state, refresh, loadMore };
}
