import type { ConsultationView, ConsultMessageView, ConsultServerFrame } from '@yiban/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConsultSocket } from '../services/consult-socket';
import type { ChatApi } from '../services/consultations';
import { messageFor, toApiError, type ApiRequestError } from '../services/errors';
import type { UploadFile } from '../services/http';
import { appStore } from '../store/app-store';
import { newIdempotencyKey } from '../utils/appointments';
import {
  applyRead,
  firstSeq,
  imageProblem,
  IMAGE_MAX_MB,
  lastSeq,
  localMessage,
  mergeMessages,
  shouldMarkRead,
  updateLocal,
  type ChatItem,
  type ChatSide,
} from '../utils/consult';

/** What became of a text the user sent: kept in the input when the server refused it for good. */
export type SendResult = { ok: true } | { ok: false; restore: string; message: string };

/** Failures a retry can cure: the bubble stays with a retry button (resending with the same clientId is safe). */
function retryable(error: ApiRequestError): boolean {
  return error.code === 'CONTENT_CHECK_UNAVAILABLE' || error.transient;
}

const locale = () => appStore.get().prefs.locale;

/**
 * One consultation on screen: its view and messages (REST first, then the socket), optimistic sending with retry,
 * images, older pages, read receipts both ways. `active` is whether the messages are actually on screen (only then
 * is "read" reported).
 */
export function useChatThread(options: {
  consultationId: string;
  side: ChatSide;
  api: ChatApi;
  socket: ConsultSocket;
  active: boolean;
  /** Staff: who is writing (their bubbles show as "me" before the server answers). */
  author?: { name: string | null; staffId: string | null };
}) {
  const { consultationId, side, api, socket } = options;
  const [view, setView] = useState<ConsultationView | null>(null);
  const [items, setItems] = useState<ChatItem[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const [error, setError] = useState<ApiRequestError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const alive = useRef(true);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const viewRef = useRef(view);
  viewRef.current = view;
  const reportedRead = useRef(0);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const author = useRef(options.author);
  author.current = options.author;

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      if (refetchTimer.current) clearTimeout(refetchTimer.current);
    };
  }, []);

  const merge = useCallback(
    (incoming: ConsultMessageView[]) => {
      if (!incoming.length) return;
      socket.noteMessages(consultationId, incoming);
      setItems((current) => mergeMessages(current, incoming));
    },
    [consultationId, socket],
  );

  const refetchView = useCallback(async (): Promise<ConsultationView | null> => {
    try {
      const fresh = await api.get(consultationId);
      if (alive.current) setView(fresh);
      return fresh;
    } catch {
      // The next event or a pull-to-refresh tries again; the chat itself keeps working.
      return null;
    }
  }, [api, consultationId]);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const [fresh, page] = await Promise.all([api.get(consultationId), api.messages(consultationId)]);
      if (!alive.current) return;
      setView(fresh);
      reportedRead.current = side === 'patient' ? fresh.patientReadSeq : fresh.staffReadSeq;
      setHasMore(page.hasMore);
      merge(page.items);
    } catch (e) {
      if (alive.current) setError(toApiError(e, locale()));
    } finally {
      if (alive.current) setLoading(false);
    }
  }, [api, consultationId, merge, side]);

  useEffect(() => {
    setItems([]);
    setView(null);
    void load();
  }, [load]);

  // Once the first page is in: the socket asks for anything after it on every (re)connect.
  const loaded = view !== null;
  useEffect(() => {
    if (!loaded) return undefined;
    return socket.watch(
      consultationId,
      itemsRef.current.filter((i) => !i.local),
    );
  }, [loaded, consultationId, socket]);

  // Live (from the start, so nothing slips past while the first page loads): messages for this consultation, its
  // changes, read receipts.
  useEffect(() => {
    const scheduleRefetch = () => {
      if (refetchTimer.current) clearTimeout(refetchTimer.current);
      refetchTimer.current = setTimeout(() => void refetchView(), 250);
    };
    const off = socket.subscribe((frame: ConsultServerFrame) => {
      if (frame.type === 'message' && frame.message.consultationId === consultationId) {
        setItems((current) => mergeMessages(current, [frame.message]));
        // System lines come with changes the view shows (assigned, escalated, closed).
        if (frame.message.side === 'system') scheduleRefetch();
      } else if (frame.type === 'consultation' && frame.consultationId === consultationId) {
        // Only what the view shows: a staff read of it is audited, so no refetch for every new message.
        const current = viewRef.current;
        if (!current || current.status !== frame.status || current.assigneeStaffId !== frame.assigneeStaffId) scheduleRefetch();
      } else if (frame.type === 'read' && frame.consultationId === consultationId) setView((v) => (v ? applyRead(v, frame.side, frame.seq) : v));
    });
    let wasOpen = socket.state === 'open';
    const offStatus = socket.onStatus((status) => {
      // Back after being away: whatever changed meanwhile (status, assignee) comes with a fresh view.
      if (status === 'open' && !wasOpen) scheduleRefetch();
      wasOpen = status === 'open';
    });
    return () => {
      off();
      offStatus();
    };
  }, [consultationId, socket, side, refetchView]);

  // Read receipts: tell the server once the other side's messages are on screen.
  useEffect(() => {
    if (!options.active || !view) return;
    const seq = shouldMarkRead(items, Math.max(reportedRead.current, side === 'patient' ? view.patientReadSeq : view.staffReadSeq), side);
    if (seq === null) return;
    reportedRead.current = seq;
    api.markRead(consultationId, seq).then(
      () => {
        if (alive.current) setView((v) => (v ? { ...applyRead(v, side, seq), unread: 0 } : v));
      },
      () => {
        // Not reported this time: the next message on screen reports it again.
        reportedRead.current = 0;
      },
    );
  }, [items, view, options.active, api, consultationId, side]);

  const loadEarlier = useCallback(async () => {
    const before = firstSeq(itemsRef.current);
    if (before === null || loadingEarlier) return;
    setLoadingEarlier(true);
    try {
      const page = await api.messages(consultationId, { beforeSeq: before });
      if (!alive.current) return;
      setHasMore(page.hasMore);
      merge(page.items);
    } catch (e) {
      if (alive.current) setNotice(toApiError(e, locale()).message);
    } finally {
      if (alive.current) setLoadingEarlier(false);
    }
  }, [api, consultationId, loadingEarlier, merge]);

  const deliverText = useCallback(
    async (text: string, clientId: string): Promise<SendResult> => {
      try {
        const message = await api.send(consultationId, text, clientId);
        if (alive.current) merge([message]);
        return { ok: true };
      } catch (e) {
        const failure = toApiError(e, locale());
        if (!alive.current) return { ok: false, restore: text, message: failure.message };
        if (retryable(failure)) {
          setItems((current) => updateLocal(current, clientId, { status: 'failed', error: failure.message }));
          return { ok: true };
        }
        // Refused for good (risky content, closed, not paid): the text goes back into the input with the reason.
        setItems((current) => updateLocal(current, clientId, null));
        if (failure.code === 'CONSULTATION_CLOSED' || failure.code === 'CONSULTATION_NOT_PAID') void refetchView();
        return { ok: false, restore: text, message: failure.message };
      }
    },
    [api, consultationId, merge, refetchView],
  );

  const sendText = useCallback(
    (text: string): Promise<SendResult> => {
      const clientId = newIdempotencyKey('m');
      setNotice(null);
      setItems((current) => [
        ...current,
        localMessage({
          consultationId,
          clientId,
          side,
          kind: 'text',
          text,
          authorName: author.current?.name,
          authorStaffId: author.current?.staffId,
        }),
      ]);
      return deliverText(text, clientId);
    },
    [consultationId, side, deliverText],
  );

  const deliverImage = useCallback(
    async (file: UploadFile, clientId: string): Promise<void> => {
      try {
        const message = await api.sendImage(consultationId, file, clientId);
        if (!alive.current) return;
        socket.noteMessages(consultationId, [message]);
        // Swapped by clientId; by hand as well, in case the answer does not echo it.
        setItems((current) => mergeMessages(updateLocal(current, clientId, null), [message]));
      } catch (e) {
        const failure = toApiError(e, locale());
        if (!alive.current) return;
        if (retryable(failure)) setItems((current) => updateLocal(current, clientId, { status: 'failed', error: failure.message }));
        else {
          setItems((current) => updateLocal(current, clientId, null));
          setNotice(failure.message);
        }
      }
    },
    [api, consultationId, socket],
  );

  /** Checks the picture first (type, size) and says what is wrong without uploading; false when refused. */
  const sendImage = useCallback(
    (file: UploadFile): boolean => {
      const problem = imageProblem(file);
      if (problem) {
        setNotice(messageFor(problem, locale(), { maxMb: IMAGE_MAX_MB }));
        return false;
      }
      setNotice(null);
      const clientId = newIdempotencyKey('i');
      setItems((current) => [
        ...current,
        localMessage({ consultationId, clientId, side, kind: 'image', file, authorName: author.current?.name, authorStaffId: author.current?.staffId }),
      ]);
      void deliverImage(file, clientId);
      return true;
    },
    [consultationId, side, deliverImage],
  );

  /** Sends a failed bubble again (same clientId: the server answers with the first message if it had it after all). */
  const retry = useCallback(
    (clientId: string) => {
      const item = itemsRef.current.find((i) => i.local && i.clientId === clientId);
      if (!item) return;
      setItems((current) => updateLocal(current, clientId, { status: 'sending', error: undefined }));
      if (item.kind === 'image' && item.local?.file) void deliverImage(item.local.file, clientId);
      else void deliverText(item.text ?? '', clientId);
    },
    [deliverImage, deliverText],
  );

  const discard = useCallback((clientId: string) => setItems((current) => updateLocal(current, clientId, null)), []);

  return {
    view,
    setView,
    items,
    merge,
    hasMore,
    loading,
    loadingEarlier,
    error,
    notice,
    setNotice,
    reload: load,
    refetchView,
    loadEarlier,
    sendText,
    sendImage,
    retry,
    discard,
    lastSeq: lastSeq(items),
  };
}

export type ChatThread = ReturnType<typeof useChatThread>;
