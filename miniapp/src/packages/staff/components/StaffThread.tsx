import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CONSULT_TEXT_MAX_CHARS, type ConsultationView, type StaffView, type TransferTarget } from '@yiban/shared';
import { useEffect, useState, type ReactNode } from 'react';
import { ChatInput } from '../../../components/chat/ChatInput';
import { ChatView, ReconnectBanner } from '../../../components/chat/ChatView';
import { Button } from '../../../components/nut';
import { ErrorState, InlineError, LoadingState } from '../../../components/states';
import { useChatThread } from '../../../hooks/use-chat-thread';
import { useI18n } from '../../../hooks/use-i18n';
import { useQuery } from '../../../hooks/use-query';
import type { ConsultSocket, ConsultSocketStatus } from '../../../services/consult-socket';
import { addNote, claimConsultation, listTransferTargets, staffChat, transferConsultation } from '../../../services/consultations';
import { toApiError } from '../../../services/errors';
import { localName } from '../../../utils/appointments';
import { consultStatusLabel, isOpen, messageProblem } from '../../../utils/consult';
import { formatSentAt } from '../../../utils/message-format';
import { CannedReplies } from './CannedReplies';
import { PatientSummary } from './PatientSummary';

function Sheet(props: { onClose: () => void; children: ReactNode; testId?: string }) {
  return (
    <View>
      <View className="yb-sheet__mask" onClick={props.onClose} />
      <View className="yb-sheet__panel" data-testid={props.testId}>
        {props.children}
      </View>
    </View>
  );
}

function Transfer(props: { consultationId: string; onDone: (view: ConsultationView, to: TransferTarget) => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const targets = useQuery(() => listTransferTargets(props.consultationId), [props.consultationId]);
  const [picked, setPicked] = useState<TransferTarget | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!picked) return setError(t('chat.transferPick'));
    setBusy(true);
    setError(null);
    try {
      props.onDone(await transferConsultation(props.consultationId, { staffId: picked.staffId, ...(note.trim() ? { note: note.trim() } : {}) }), picked);
    } catch (e) {
      setError(toApiError(e, locale).message);
      setBusy(false);
    }
  };
  return (
    <View data-testid="transfer">
      <Text className="yb-h2">{t('chat.transferTitle')}</Text>
      {targets.loading && !targets.data ? <LoadingState /> : null}
      {targets.error ? <ErrorState error={targets.error} onRetry={() => void targets.reload()} /> : null}
      {targets.data && targets.data.length === 0 ? <Text className="yb-muted">{t('chat.transferEmpty')}</Text> : null}
      {targets.data?.map((target) => (
        <View
          key={target.staffId}
          className={`yb-target ${picked?.staffId === target.staffId ? 'yb-target--on' : ''}`}
          onClick={() => setPicked(target)}
          data-testid="transfer-target"
        >
          <Text className="yb-body yb-strong" style={{ flex: 1 }}>
            {target.displayName}
          </Text>
          <Text className="yb-small">{target.roles.map((r) => t(`role.${r}` as 'role.doctor')).join(t('console.listSeparator'))}</Text>
          <Text className="yb-small">{t('chat.openCount', { n: target.openCount })}</Text>
        </View>
      ))}
      <Text className="yb-field__label">{t('chat.transferNote')}</Text>
      <Input className="yb-input" value={note} maxlength={500} onInput={(e) => setNote(e.detail.value)} data-testid="transfer-note" />
      <InlineError message={error} />
      <View className="yb-actions">
        <Button type="primary" loading={busy} disabled={busy || !targets.data?.length} onClick={() => void submit()} data-testid="transfer-submit">
          {t('chat.transferSubmit')}
        </Button>
        <Button fill="outline" onClick={props.onCancel}>
          {t('common.cancel')}
        </Button>
      </View>
    </View>
  );
}

/**
 * One consultation in the console: the patient and where the thread stands, claim / transfer / close, the chat with
 * private notes and canned replies. `summaryInline` (desktop) leaves the patient summary to a column beside it;
 * otherwise a 患者资料 button opens it as a sheet.
 */
export function StaffThread(props: {
  consultationId: string;
  member: StaffView;
  socket: ConsultSocket;
  socketStatus: ConsultSocketStatus;
  socketDown: boolean;
  active: boolean;
  summaryInline: boolean;
  onChanged?: (view: ConsultationView) => void;
}) {
  const { t, locale } = useI18n();
  const thread = useChatThread({
    consultationId: props.consultationId,
    side: 'staff',
    api: staffChat,
    socket: props.socket,
    active: props.active,
    author: { name: props.member.displayName, staffId: props.member.id },
  });
  const view = thread.view;
  const [draft, setDraft] = useState('');
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [busy, setBusy] = useState<'claim' | 'close' | 'note' | null>(null);
  const [sheet, setSheet] = useState<'canned' | 'transfer' | 'summary' | null>(null);

  // A confirmation (claimed, note saved …) says its piece and goes, leaving the room to the chat.
  useEffect(() => {
    if (!ok) return undefined;
    const timer = setTimeout(() => setOk(null), 3_000);
    return () => clearTimeout(timer);
  }, [ok]);

  useEffect(() => {
    setDraft('');
    setMode('reply');
    setError(null);
    setOk(null);
    setSheet(null);
  }, [props.consultationId]);

  const changed = (next: ConsultationView) => {
    thread.setView(next);
    props.onChanged?.(next);
  };

  if (!view) {
    if (thread.error) return <ErrorState error={thread.error} title={t('consult.loadError')} onRetry={() => void thread.reload()} />;
    return (
      <View className="yb-staff-chat">
        <LoadingState />
      </View>
    );
  }

  const open = isOpen(view.status);
  const status = consultStatusLabel(view, 'staff');
  const mine = view.assigneeStaffId === props.member.id;

  const claim = async () => {
    setBusy('claim');
    setError(null);
    try {
      changed(await claimConsultation(view.id));
      setOk(t('chat.claimed'));
    } catch (e) {
      setError(toApiError(e, locale).message);
      void thread.refetchView();
    } finally {
      setBusy(null);
    }
  };

  const close = async () => {
    const { confirm } = await Taro.showModal({
      title: t('chat.close'),
      content: t('chat.closeConfirm'),
      confirmText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!confirm) return;
    setBusy('close');
    setError(null);
    try {
      changed(await staffChat.close(view.id));
      setOk(t('chat.closed'));
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };

  const send = () => {
    const text = draft.trim();
    const problem = messageProblem(text);
    if (problem === 'tooLong') return setError(t('consult.tooLong', { max: CONSULT_TEXT_MAX_CHARS }));
    if (problem) return;
    setError(null);
    setOk(null);
    if (mode === 'note') {
      setBusy('note');
      addNote(view.id, text)
        .then((note) => {
          thread.merge([note]);
          setDraft('');
          setOk(t('chat.noteAdded'));
        })
        .catch((e) => setError(toApiError(e, locale).message))
        .finally(() => setBusy(null));
      return;
    }
    setDraft('');
    void thread.sendText(text).then((result) => {
      if (result.ok) {
        // The first reply takes an unclaimed consultation: the inbox moves it to 我的.
        if (!view.assigneeStaffId) void thread.refetchView().then((fresh) => fresh && props.onChanged?.(fresh));
        return;
      }
      setDraft((current) => current || result.restore);
      setError(result.message);
    });
  };

  const department = localName({ zh: view.departmentName, en: view.departmentNameEn }, locale);
  const tools = open ? (
    <>
      <Text className={`yb-choice ${mode === 'reply' ? 'yb-choice--on' : ''}`} onClick={() => setMode('reply')} data-testid="chat-mode-reply">
        {t('chat.mode.reply')}
      </Text>
      <Text className={`yb-choice ${mode === 'note' ? 'yb-choice--on' : ''}`} onClick={() => setMode('note')} data-testid="chat-mode-note">
        {t('chat.mode.note')}
      </Text>
      <Text className="yb-choice" onClick={() => setSheet('canned')} data-testid="chat-canned">
        {t('chat.canned')}
      </Text>
    </>
  ) : null;

  return (
    <View
      className="yb-staff-chat"
      data-testid="staff-chat"
      data-consultation-id={view.id}
      data-status={view.status}
      data-assignee={view.assigneeStaffId ?? ''}
    >
      <View className="yb-chat__head">
        <View className="yb-chat__head-line">
          <Text className="yb-chat__title" data-testid="staff-chat-patient">
            {view.patientName ?? t('desk.unnamed')}
          </Text>
          <Text className={`yb-status yb-status--${status.tone}`} data-testid="staff-chat-status">
            {t(status.key)}
          </Text>
        </View>
        <Text className="yb-chat__sub">
          {t(`consult.kind.${view.kind}`)} · {department} · {view.assigneeName ? t('chat.assignee', { name: view.assigneeName }) : t('chat.unassigned')}
        </Text>
        {view.firstResponseDueAt && !view.firstRespondedAt && open ? (
          <Text className={`yb-chat__sub ${view.overdue ? 'yb-inbox-item__alert' : ''}`}>
            {t('inbox.dueAt', { time: formatSentAt(view.firstResponseDueAt, locale, new Date()) })}
          </Text>
        ) : null}
        {view.escalatedAt ? (
          <Text className="yb-inbox-item__alert">{t('inbox.escalated', { time: formatSentAt(view.escalatedAt, locale, new Date()) })}</Text>
        ) : null}
        <View className="yb-staff-chat__actions">
          {open && !mine ? (
            <Button size="small" type="primary" loading={busy === 'claim'} disabled={busy !== null} onClick={() => void claim()} data-testid="chat-claim">
              {busy === 'claim' ? t('chat.claiming') : t('chat.claim')}
            </Button>
          ) : null}
          {open ? (
            <Button size="small" fill="outline" disabled={busy !== null} onClick={() => setSheet('transfer')} data-testid="chat-transfer">
              {t('chat.transfer')}
            </Button>
          ) : null}
          {open ? (
            <Button size="small" fill="outline" disabled={busy !== null} onClick={() => void close()} data-testid="chat-close">
              {t('chat.close')}
            </Button>
          ) : null}
          {!props.summaryInline ? (
            <Button size="small" fill="outline" onClick={() => setSheet('summary')} data-testid="chat-summary">
              {t('chat.summary')}
            </Button>
          ) : null}
        </View>
      </View>
      <ReconnectBanner down={props.socketDown} signedOut={props.socketStatus === 'signed-out'} />
      <ChatView thread={thread} view={view} reader="staff" />
      <View className="yb-chat__inline">
        <InlineError message={error ?? thread.notice} />
        {ok && !error ? (
          <View className="yb-notice yb-notice--ok" role="status" data-testid="staff-chat-ok">
            <Text className="yb-notice__text">{ok}</Text>
          </View>
        ) : null}
      </View>
      {open ? (
        <ChatInput
          value={draft}
          onChange={setDraft}
          onSend={send}
          onImage={mode === 'reply' ? (file) => thread.sendImage(file) : undefined}
          onImageError={setError}
          placeholder={mode === 'note' ? t('chat.notePlaceholder') : undefined}
          note={mode === 'note'}
          disabled={busy === 'note'}
          tools={tools}
          sendLabel={mode === 'note' ? t('chat.mode.note') : undefined}
        />
      ) : null}

      {sheet === 'canned' ? (
        <Sheet onClose={() => setSheet(null)} testId="canned-sheet">
          <CannedReplies
            departmentAllowed={!!props.member.departmentId}
            onPick={(text) => {
              setDraft(text);
              setSheet(null);
            }}
          />
        </Sheet>
      ) : null}
      {sheet === 'transfer' ? (
        <Sheet onClose={() => setSheet(null)} testId="transfer-sheet">
          <Transfer
            consultationId={view.id}
            onCancel={() => setSheet(null)}
            onDone={(next, to) => {
              changed(next);
              setSheet(null);
              setOk(t('chat.transferred', { name: to.displayName }));
            }}
          />
        </Sheet>
      ) : null}
      {sheet === 'summary' ? (
        <Sheet onClose={() => setSheet(null)} testId="summary-sheet">
          <PatientSummary consultationId={view.id} />
        </Sheet>
      ) : null}
    </View>
  );
}
