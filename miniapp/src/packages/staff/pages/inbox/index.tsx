import { Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { INBOX_BOXES, type ConsultationView, type InboxBox } from '@yiban/shared';
import { useCallback, useEffect, useState } from 'react';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useConsultSocket } from '../../../../hooks/use-consult-socket';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { listInbox } from '../../../../services/consultations';
import { consultStatusLabel } from '../../../../utils/consult';
import { formatSentAt } from '../../../../utils/message-format';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { PatientSummary } from '../../components/PatientSummary';
import { StaffThread } from '../../components/StaffThread';
import { useStaffDepartment } from '../../use-department';
import { useStaffMember } from '../../use-staff';
import { useWide } from '../../use-wide';
import '../../staff.css';

export const STAFF_CONSULT_PAGE = '/packages/staff/pages/consult/index';

function InboxItem(props: { item: ConsultationView; selected: boolean; onOpen: () => void }) {
  const { t, locale } = useI18n();
  const c = props.item;
  const status = consultStatusLabel(c, 'staff');
  const now = new Date();
  return (
    <View
      className={`yb-inbox-item ${c.overdue ? 'yb-inbox-item--overdue' : ''} ${props.selected ? 'yb-inbox-item--on' : ''}`}
      onClick={props.onOpen}
      data-testid="inbox-item"
      data-consultation-id={c.id}
      data-overdue={c.overdue ? 'yes' : 'no'}
      data-status={c.status}
    >
      <View className="yb-inbox-item__head">
        <Text className="yb-inbox-item__name">{c.patientName ?? t('desk.unnamed')}</Text>
        {c.unread > 0 ? <Text className="yb-unread">{c.unread}</Text> : null}
        <Text className={`yb-st yb-st--${status.tone}`}>{t(status.key)}</Text>
      </View>
      <Text className="yb-inbox-item__line">{c.lastMessagePreview ?? c.subject}</Text>
      <Text className="yb-inbox-item__foot">
        {t(`consult.kind.${c.kind}`)} · {formatSentAt(c.lastMessageAt, locale, now)}
        {c.assigneeName ? ` · ${t('inbox.assignee', { name: c.assigneeName })}` : ''}
      </Text>
      {c.escalatedAt ? <Text className="yb-inbox-item__alert">{t('inbox.escalated', { time: formatSentAt(c.escalatedAt, locale, now) })}</Text> : null}
      {!c.escalatedAt && c.firstResponseDueAt && !c.firstRespondedAt && c.status === 'waiting_doctor' ? (
        <Text className={c.overdue ? 'yb-inbox-item__alert' : 'yb-inbox-item__foot'}>
          {t('inbox.dueAt', { time: formatSentAt(c.firstResponseDueAt, locale, now) })}
        </Text>
      ) : null}
    </View>
  );
}

/**
 * 患者咨询: the boxes (mine, the department's unassigned, overdue, closed) with counts, live. On a desktop the list,
 * the chat and the patient summary sit side by side; on a phone a tap opens the chat page.
 */
export default function StaffInboxPage() {
  const { t } = useI18n();
  const { member } = useStaffMember();
  const dept = useStaffDepartment(member);
  const wide = useWide();
  const [box, setBox] = useState<InboxBox>('mine');
  const [selected, setSelected] = useState<string | null>(null);
  const [shown, setShown] = useState(true);
  useDidShow(() => setShown(true));
  useDidHide(() => setShown(false));
  const live = useConsultSocket('staff', !!member);
  // Admins have no department of their own: the picked one. Everyone else: theirs (the server's default).
  const departmentId = member && !member.departmentId ? dept.departmentId : null;
  const inbox = useQuery(() => listInbox(box, departmentId), [box, departmentId], !!member);
  const reload = inbox.reload;

  // Live: any chat event → the list and the counts again (once for a burst).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = live.socket.subscribe((frame) => {
      if (frame.type !== 'message' && frame.type !== 'consultation' && frame.type !== 'ready') return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void reload(), 400);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [live.socket, reload]);
  useDidShow(() => void reload());
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  const open = useCallback(
    (id: string) => {
      if (wide) setSelected(id);
      else void Taro.navigateTo({ url: `${STAFF_CONSULT_PAGE}?id=${id}` });
    },
    [wide],
  );

  const counts = inbox.data?.counts;
  const items = inbox.data?.items ?? [];

  const list = (
    <View data-testid="inbox-list" data-box={box}>
      {inbox.loading && !inbox.data ? <LoadingState /> : null}
      {inbox.error && !inbox.data ? <ErrorState error={inbox.error} title={t('inbox.loadError')} onRetry={() => void reload()} /> : null}
      {inbox.data && items.length === 0 ? <EmptyState icon="inbox" title={t(`inbox.empty.${box}`)} hint={t(`inbox.empty.${box}Hint`)} /> : null}
      {items.map((item) => (
        <InboxItem key={item.id} item={item} selected={item.id === selected} onOpen={() => open(item.id)} />
      ))}
    </View>
  );

  return (
    <Page title="inbox.title" className="yb-console yb-console--desk">
      {member ? <ConsoleSidebar member={member} current="inbox" /> : <View />}
      <ConsoleMain>
        <View data-testid="staff-inbox">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('inbox.title')}</Text>
            <Text className="yb-textbutton" onClick={() => void reload()} data-testid="inbox-refresh">
              {t('inbox.refresh')}
            </Text>
          </View>
          {!member ? <LoadingState /> : null}
          {member && dept.choosable && dept.departments.data ? (
            <View className="yb-toolbar" data-testid="inbox-departments">
              <Text className="yb-toolbar__label">{t('inbox.department')}</Text>
              {dept.departments.data.map((d) => (
                <Text key={d.id} className={`yb-choice ${d.id === dept.departmentId ? 'yb-choice--on' : ''}`} onClick={() => dept.pickDepartment(d.id)}>
                  {d.name}
                </Text>
              ))}
            </View>
          ) : null}
          <View className="yb-boxes" data-testid="inbox-boxes">
            {INBOX_BOXES.map((b) => {
              const n = b === 'closed' ? null : (counts?.[b] ?? null);
              return (
                <View
                  key={b}
                  className={`yb-box ${box === b ? 'yb-box--on' : ''} ${b === 'overdue' && n ? 'yb-box--alert' : ''}`}
                  onClick={() => setBox(b)}
                  data-testid={`inbox-box-${b}`}
                  data-count={n ?? ''}
                >
                  <Text>{t(`inbox.box.${b}`)}</Text>
                  {n !== null ? <Text className="yb-box__count">{n}</Text> : null}
                </View>
              );
            })}
          </View>
          {counts && counts.unreadMine > 0 ? <Text className="yb-small">{t('inbox.unreadMine', { n: counts.unreadMine })}</Text> : null}
          {inbox.error && inbox.data ? <InlineError message={inbox.error.message} /> : null}

          {wide && member ? (
            <View className="yb-desk">
              <View className="yb-desk__list">{list}</View>
              <View>
                {selected ? (
                  <StaffThread
                    consultationId={selected}
                    member={member}
                    socket={live.socket}
                    socketStatus={live.status}
                    socketDown={live.down}
                    active={shown}
                    summaryInline
                    onChanged={() => void reload()}
                  />
                ) : (
                  <EmptyState icon="chat" title={t('inbox.pickOne')} hint={t('inbox.pickOneHint')} />
                )}
              </View>
              <View className="yb-desk__side">{selected ? <PatientSummary consultationId={selected} /> : null}</View>
            </View>
          ) : (
            list
          )}
        </View>
      </ConsoleMain>
    </Page>
  );
}
