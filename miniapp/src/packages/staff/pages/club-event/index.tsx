import { Input, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { MEMBER_TIER_LABELS, type ClubCheckInResult, type StaffClubEventView } from '@yiban/shared';
import { useEffect, useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useCodeEntry } from '../../../../hooks/use-code-entry';
import { useQuery } from '../../../../hooks/use-query';
import { platform } from '../../../../platform';
import { STAFF_CLUB_EVENTS_PAGE, cancelClubEvent, checkInAtEvent, publishClubEvent, staffClubEvent, staffClubRegistrations } from '../../../../services/club';
import { toApiError } from '../../../../services/errors';
import { clubWhen, statusKey, statusTone } from '../../../../utils/club';
import { ClubFillChart } from '../../components/ClubCharts';
import { ClubEventEditor } from '../../components/ClubEventEditor';
import { ClubEventSummary } from '../../components/ClubEventSummary';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';
import '../../campaigns.css';

/** The door: a code typed (or scanned in WeChat) checks the member in; who it was, or why not, in the user's language. */
function CheckInBox(props: { eventId: string; onCheckedIn: () => void }) {
  const { t, locale } = useI18n();
  const { code, setCode, checking, result, submit, scan } = useCodeEntry({
    check: (value) => checkInAtEvent(props.eventId, value),
    onChecked: props.onCheckedIn,
    requiredText: t('clubAdmin.codeRequired'),
    invalidCode: 'EVENT_CHECK_IN_UNKNOWN',
  });
  const tierName = (tier: ClubCheckInResult['tier']) => MEMBER_TIER_LABELS[tier][locale === 'en' ? 'en' : 'zh'];

  return (
    <View className="yb-card yb-card--padded yb-section" data-testid="club-checkin-box">
      <Text className="yb-h2">{t('clubAdmin.checkInTitle')}</Text>
      <Text className="yb-muted">{t('clubAdmin.checkInHint')}</Text>
      <View className="yb-checkin">
        <Input
          className="yb-input"
          value={code}
          placeholder={t('clubAdmin.codePlaceholder')}
          onInput={(e) => setCode(e.detail.value)}
          onConfirm={(e) => void submit(e.detail.value)}
          data-testid="club-checkin-code"
          confirmType="done"
        />
        <Button type="primary" loading={checking} disabled={checking} onClick={() => void submit(code)} data-testid="club-checkin-submit">
          {checking ? t('clubAdmin.checkingIn') : t('clubAdmin.checkIn')}
        </Button>
        {platform.canScanCode ? (
          <Button fill="outline" onClick={() => void scan()} data-testid="club-checkin-scan">
            {t('clubAdmin.scan')}
          </Button>
        ) : null}
      </View>
      {result?.ok ? (
        <View className="yb-notice yb-notice--ok" role="status" data-testid="club-checkin-result" data-already={result.value.already ? 'yes' : 'no'}>
          <Text className="yb-notice__text">
            {result.value.already
              ? t('clubAdmin.alreadyCheckedIn', {
                  name: result.value.patientName,
                  tier: tierName(result.value.tier),
                  time: clubWhen(result.value.checkedInAt, locale),
                })
              : t('clubAdmin.checkedIn', { name: result.value.patientName, tier: tierName(result.value.tier) })}
          </Text>
        </View>
      ) : result ? (
        <View data-testid="club-checkin-error">
          <InlineError message={result.text} />
        </View>
      ) : null}
    </View>
  );
}

function Registrations(props: { eventId: string; version: number }) {
  const { t, locale } = useI18n();
  const list = useQuery(() => staffClubRegistrations(props.eventId), [props.eventId, props.version]);
  if (list.loading && !list.data) return <LoadingState />;
  if (list.error && !list.data) return <ErrorState error={list.error} title={t('clubAdmin.loadError')} onRetry={() => void list.reload()} />;
  const items = list.data ?? [];
  return (
    <View className="yb-section" data-testid="club-registrations">
      <Text className="yb-section__title">{t('clubAdmin.registrations')}</Text>
      {items.length === 0 ? <EmptyState icon="inbox" title={t('clubAdmin.registrationsEmpty')} hint={t('clubAdmin.registrationsEmptyHint')} /> : null}
      <View className="yb-admin-list">
        {items.map((r) => (
          <View key={r.id} className="yb-admin-row" data-testid="club-registration" data-status={r.status}>
            <View className="yb-admin-row__head">
              <Text className="yb-admin-row__title">
                {r.patientName} · {MEMBER_TIER_LABELS[r.tier][locale === 'en' ? 'en' : 'zh']}
              </Text>
              <Text className={`yb-st yb-st--${statusTone(r.status) === 'neutral' ? '' : statusTone(r.status)}`}>{t(statusKey(r.status))}</Text>
            </View>
            <Text className="yb-admin-row__meta">
              {[
                clubWhen(r.createdAt, locale),
                r.position !== null ? t('clubAdmin.position', { n: r.position }) : '',
                r.checkedInAt ? t('clubAdmin.checkedInAt', { time: clubWhen(r.checkedInAt, locale) }) : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </View>
        ))}
      </View>
    </View>
  );
}

function EventAdmin(props: { id: string }) {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const query = useQuery(() => staffClubEvent(props.id), [props.id], !!member);
  const [event, setEvent] = useState<StaffClubEventView | undefined>();
  useEffect(() => {
    if (query.data) setEvent(query.data);
  }, [query.data]);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState<'publish' | 'cancel' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  usePullDownRefresh(() => {
    setVersion((v) => v + 1);
    void query.reload().finally(() => Taro.stopPullDownRefresh());
  });
  const canManage = !!member?.roles.some((r) => r === 'marketing' || r === 'admin');

  const act = async (kind: 'publish' | 'cancel') => {
    if (kind === 'cancel') {
      const { confirm } = await Taro.showModal({
        title: t('clubAdmin.cancelEventTitle'),
        content: t('clubAdmin.cancelEventBody'),
        confirmText: t('clubAdmin.cancelEventConfirm'),
        cancelText: t('clubAdmin.keep'),
        confirmColor: '#b3261e',
      });
      if (!confirm) return;
    }
    setBusy(kind);
    setError(null);
    try {
      const next = kind === 'publish' ? await publishClubEvent(props.id) : await cancelClubEvent(props.id);
      setEvent(next);
      setVersion((v) => v + 1);
      void Taro.showToast({ title: t(kind === 'publish' ? 'clubAdmin.published' : 'clubAdmin.eventCancelled'), icon: 'none' });
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page title="clubAdmin.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="clubEvents" /> : <View />}
      <ConsoleMain>
        <View data-testid="club-event-admin" data-status={event?.status ?? ''}>
          <View className="yb-console__bar">
            <Text className="yb-console__title">{event?.title ?? t('clubAdmin.title')}</Text>
            <Text className="yb-textbutton" onClick={() => void Taro.redirectTo({ url: STAFF_CLUB_EVENTS_PAGE })}>
              {t('clubAdmin.back')}
            </Text>
          </View>
          {!event && query.error ? <ErrorState error={query.error} title={t('clubAdmin.notFound')} onRetry={() => void query.reload()} /> : null}
          {!event && !query.error ? <LoadingState /> : null}
          {event ? (
            <>
              <View className="yb-admin-row" data-testid="club-admin-summary">
                <ClubEventSummary event={event} />
                {event.description ? <Text className="yb-admin-row__meta">{event.description}</Text> : null}
              </View>
              <InlineError message={error} />
              {canManage && event.status !== 'cancelled' ? (
                <View className="yb-campaign-actions">
                  {event.status === 'draft' ? (
                    <Button type="primary" loading={busy === 'publish'} disabled={!!busy} onClick={() => void act('publish')} data-testid="club-publish">
                      {busy === 'publish' ? t('clubAdmin.publishing') : t('clubAdmin.publish')}
                    </Button>
                  ) : null}
                  {!editing ? (
                    <Button disabled={!!busy} onClick={() => setEditing(true)} data-testid="club-edit">
                      {t('clubAdmin.edit')}
                    </Button>
                  ) : null}
                  <Button fill="outline" disabled={!!busy} onClick={() => void act('cancel')} data-testid="club-cancel-event">
                    {t('clubAdmin.cancelEvent')}
                  </Button>
                </View>
              ) : null}
              {editing ? (
                <ClubEventEditor
                  event={event}
                  onSaved={(next) => {
                    setEvent(next);
                    setEditing(false);
                    setVersion((v) => v + 1);
                  }}
                  onClose={() => setEditing(false)}
                />
              ) : null}
              {event.status === 'published' ? (
                <CheckInBox
                  eventId={event.id}
                  onCheckedIn={() => {
                    setVersion((v) => v + 1);
                    void query.reload();
                  }}
                />
              ) : null}
              {event.status !== 'draft' ? <ClubFillChart events={[event]} /> : null}
              <Registrations eventId={event.id} version={version} />
            </>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}

/** One club event in the console: its figures, publish, edit, cancel; the check-in box at the door and who registered. */
export default function ClubEventAdminPage() {
  const id = useRouter().params.id;
  return id ? <EventAdmin id={id} /> : null;
}
