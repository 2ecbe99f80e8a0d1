import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type ApiRequestError } from '../services/errors';
import { appStore } from '../store/app-store';

/** One page of a list read with a cursor (`nextCursor` null: no page after this one). */
export interface CursorPage<I> {
  items: I[];
  nextCursor: string | null;
}

export interface CursorPagesState<P, I> {
  /** The first page's answer (for what comes with it, like a summary). */
  first: P | undefined;
  /** Undefined until the first page has come. */
  items: I[] | undefined;
  nextCursor: string | null;
  /** A load from the start is under way (true too before the first one). */
  loading: boolean;
  error: ApiRequestError | null;
  loadingMore: boolean;
  moreError: ApiRequestError | null;
}

export interface CursorPagesOptions<P extends CursorPage<unknown>> {
  /** One page: the first for `null`, then the one `nextCursor` points to. */
  load: (cursor: string | null) => Promise<P>;
  /** What identifies an item: a next page does not repeat an item already shown (the list moved between pages). */
  idOf: (item: NoInfer<P['items'][number]>) => string;
  /** Loads again from the start whenever this changes (the filters, the language). */
  key?: string;
  /** Nothing is loaded while false (no signed-in member yet). Default true. */
  enabled?: boolean;
  /** The caller loads (calls `refresh`) itself; `key` and `enabled` start nothing. */
  manual?: boolean;
  /** Every page's items as they come, before they are shown (to keep local changes the server has not seen yet). */
  transform?: (items: NoInfer<P['items']>) => NoInfer<P['items']>;
  /**
   * How a next page joins the items shown; default `appendNew` (below them, skipping ids already shown). Write it as
   * an arrow (`(shown, more) => …`): a function passed by name makes TypeScript give up inferring the page type.
   */
  merge?: (shown: NoInfer<P['items']>, more: NoInfer<P['items']>) => NoInfer<P['items']>;
}

/** A next page below the items shown, without an item already shown (by id). */
export function appendNew<I>(shown: readonly I[], more: readonly I[], idOf: (item: I) => string): I[] {
  const known = new Set(shown.map(idOf));
  return [...shown, ...more.filter((i) => !known.has(idOf(i)))];
}

const localeNow = () => appStore.get().prefs.locale;

function initial<P, I>(): CursorPagesState<P, I> {
  return { first: undefined, items: undefined, nextCursor: null, loading: true, error: null, loadingMore: false, moreError: null };
}

/**
 * A list read page by page with a cursor, newest first: loads from the start when enabled, whenever `key` changes
 * and on `refresh` (the items shown stay until the answer comes); `loadMore` adds the next page. A newer refresh
 * makes older answers stale: they are dropped. `setItems` changes the items shown locally (optimistic edits);
 * `reset` forgets everything (another owner: nothing of the old list is shown while the new one loads).
 */
export function useCursorPages<P extends CursorPage<unknown>>(options: CursorPagesOptions<P>) {
  type I = P['items'][number];
  const { key = '', enabled = true, manual = false } = options;
  const [state, setState] = useState<CursorPagesState<P, I>>(initial);
  const current = useRef(state);
  current.current = state;
  // The latest callbacks, without reloading when a caller passes new functions on every render.
  const opts = useRef(options);
  opts.current = options;
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true, error: null, moreError: null }));
    try {
      const page = await opts.current.load(null);
      if (mine !== generation.current) return;
      const { transform } = opts.current;
      const items = (transform ? transform(page.items) : page.items) as I[];
      setState({ first: page, items, nextCursor: page.nextCursor, loading: false, error: null, loadingMore: false, moreError: null });
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
      const page = await opts.current.load(nextCursor);
      if (mine !== generation.current) return;
      const { transform, merge, idOf } = opts.current;
      const more = (transform ? transform(page.items) : page.items) as I[];
      setState((s) => {
        const shown = s.items ?? [];
        return { ...s, loadingMore: false, items: (merge ? merge(shown, more) : appendNew(shown, more, idOf)) as I[], nextCursor: page.nextCursor };
      });
    } catch (e) {
      if (mine === generation.current) setState((s) => ({ ...s, loadingMore: false, moreError: toApiError(e, localeNow()) }));
    }
  }, []);

  /** Changes the items shown (not before the first page has come). */
  const setItems = useCallback((change: (items: I[]) => I[]) => {
    setState((s) => (s.items === undefined ? s : { ...s, items: change(s.items) }));
  }, []);

  /** Back to nothing loaded; answers still on their way are dropped. */
  const reset = useCallback(() => {
    generation.current++;
    setState(initial);
  }, []);

  useEffect(() => {
    if (enabled && !manual) void refresh();
  }, [enabled, manual, key, refresh]);

  return { ...state, refresh, loadMore, setItems, reset };
}
