import { act, renderHook, waitFor } from '@testing-library/react';
import { appendNew, useCursorPages, type CursorPage } from '../../src/hooks/use-cursor-pages';

interface Item {
  id: string;
  seen?: boolean;
}

const ids = (items: readonly Item[] | undefined) => items?.map((i) => i.id);

/** A load whose answers the test gives, one at a time, in any order. */
function pendingLoads() {
  const calls: { cursor: string | null; resolve: (page: CursorPage<Item>) => void; reject: (e: unknown) => void }[] = [];
  const load = (cursor: string | null) =>
    new Promise<CursorPage<Item>>((resolve, reject) => {
      calls.push({ cursor, resolve, reject });
    });
  return { calls, load };
}

const page = (items: string[], nextCursor: string | null = null): CursorPage<Item> => ({ items: items.map((id) => ({ id })), nextCursor });

describe('appendNew', () => {
  it('puts a next page below the items shown, without repeating one already shown', () => {
    const shown = [{ id: 'g5' }, { id: 'g4' }];
    const idOf = (i: Item) => i.id;
    expect(ids(appendNew(shown, [{ id: 'g4' }, { id: 'g3' }, { id: 'g2' }], idOf))).toEqual(['g5', 'g4', 'g3', 'g2']);
    expect(ids(appendNew([], [{ id: 'g1' }], idOf))).toEqual(['g1']);
    expect(ids(appendNew(shown, [], idOf))).toEqual(['g5', 'g4']);
  });
});

describe('useCursorPages', () => {
  it('loads the first page, then the next ones below it (no repeats), until there is no cursor', async () => {
    const { calls, load } = pendingLoads();
    const { result } = renderHook(() => useCursorPages({ load, idOf: (i: Item) => i.id }));
    expect(result.current.loading).toBe(true);
    expect(calls.map((c) => c.cursor)).toEqual([null]);
    await act(async () => calls[0].resolve(page(['c', 'b'], 'cur1')));
    expect(ids(result.current.items)).toEqual(['c', 'b']);
    expect(result.current.loading).toBe(false);
    expect(result.current.nextCursor).toBe('cur1');

    void act(() => void result.current.loadMore());
    await waitFor(() => expect(result.current.loadingMore).toBe(true));
    // A second tap while a page is on its way asks nothing more.
    await act(async () => void result.current.loadMore());
    expect(calls.map((c) => c.cursor)).toEqual([null, 'cur1']);
    await act(async () => calls[1].resolve(page(['b', 'a'])));
    expect(ids(result.current.items)).toEqual(['c', 'b', 'a']);
    expect(result.current.nextCursor).toBeNull();
    await act(async () => void result.current.loadMore());
    expect(calls).toHaveLength(2);
  });

  it('drops an answer a newer refresh has made stale, and keeps the list when a refresh fails', async () => {
    const { calls, load } = pendingLoads();
    const { result } = renderHook(() => useCursorPages({ load, idOf: (i: Item) => i.id }));
    void act(() => void result.current.refresh());
    await waitFor(() => expect(calls).toHaveLength(2));
    await act(async () => calls[1].resolve(page(['new'])));
    await act(async () => calls[0].resolve(page(['old'])));
    expect(ids(result.current.items)).toEqual(['new']);

    void act(() => void result.current.refresh());
    await waitFor(() => expect(calls).toHaveLength(3));
    await act(async () => calls[2].reject(new Error('offline')));
    expect(ids(result.current.items)).toEqual(['new']);
    expect(result.current.error).not.toBeNull();
    expect(result.current.loading).toBe(false);
  });

  it('loads again when the key changes, and not while disabled or manual', async () => {
    const { calls, load } = pendingLoads();
    const { rerender } = renderHook((props: { key: string; enabled: boolean }) => useCursorPages({ load, idOf: (i: Item) => i.id, ...props }), {
      initialProps: { key: 'a', enabled: false },
    });
    expect(calls).toHaveLength(0);
    rerender({ key: 'a', enabled: true });
    expect(calls).toHaveLength(1);
    rerender({ key: 'b', enabled: true });
    expect(calls).toHaveLength(2);

    const manual = pendingLoads();
    renderHook(() => useCursorPages({ load: manual.load, idOf: (i: Item) => i.id, manual: true }));
    expect(manual.calls).toHaveLength(0);
  });

  it('passes every page through transform and joins next pages with merge; setItems and reset change what is shown', async () => {
    const { calls, load } = pendingLoads();
    const seen = new Set(['b']);
    const { result } = renderHook(() =>
      useCursorPages({
        load,
        idOf: (i: Item) => i.id,
        transform: (items) => items.map((i) => (seen.has(i.id) ? { ...i, seen: true } : i)),
        merge: (shown, more) => [...more, ...shown],
      }),
    );
    await act(async () => calls[0].resolve(page(['a', 'b'], 'cur')));
    expect(result.current.items).toEqual([{ id: 'a' }, { id: 'b', seen: true }]);
    seen.add('c');
    void act(() => void result.current.loadMore());
    await waitFor(() => expect(calls).toHaveLength(2));
    await act(async () => calls[1].resolve(page(['c'])));
    expect(result.current.items).toEqual([{ id: 'c', seen: true }, { id: 'a' }, { id: 'b', seen: true }]);

    act(() => result.current.setItems((items) => items.filter((i) => i.id !== 'a')));
    expect(ids(result.current.items)).toEqual(['c', 'b']);
    act(() => result.current.reset());
    expect(result.current.items).toBeUndefined();
    expect(result.current.loading).toBe(true);
  });
});
