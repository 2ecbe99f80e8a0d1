import { Input, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { MemberDetailView, MemberTier } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import type { MessageKey } from '../../../../i18n';
import { toApiError } from '../../../../services/errors';
import { memberDetail, setTierOverride } from '../../../../services/membership-admin';
import { formatFullDate, hospitalDate } from '../../../../utils/clinic-time';
import { formatFen } from '../../../../utils/money';
import { formatSentAt } from '../../../../utils/message-format';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { ALL_TIERS, DATE_PATTERN, defaultOverrideDate, grouped, overrideUntil, tierName } from '../../membership-admin';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';
import '../../membership-admin.css';

/** The tier, whether it is set by hand (until when, why) or from value, and a pending quiet downgrade. */
function TierCard(props: { d: MemberDetailView }) {
  const { t, locale } = useI18n();
  const { d } = props;
  return (
    <View
      className={`yb-member-tier yb-member-tier--${d.tier} ${d.override ? 'yb-member-tier--override' : ''}`}
      data-testid="member-tier"
      data-tier={d.tier}
      data-override={d.override ? 'yes' : 'no'}
    >
      <Text className="yb-h2">{t('memberAdmin.tier', { tier: tierName(d.tier, locale) })}</Text>
      <Text className={`yb-admin-tag ${d.override ? 'yb-admin-tag--warn' : ''}`} data-testid="member-tier-source">
        {d.override ? t('memberAdmin.overrideMark') : t('memberAdmin.computedMark')}
      </Text>
      {d.override ? (
        <>
          <Text className="yb-summary__row" data-testid="member-override-until" data-until={d.override.until}>
            {t('memberAdmin.overrideUntil', { date: formatFullDate(hospitalDate(d.override.until), locale) })}
          </Text>
          {d.override.reason ? <Text className="yb-summary__row">{t('memberAdmin.overrideReason', { reason: d.override.reason })}</Text> : null}
        </>
      ) : null}
      <Text className="yb-summary__row" data-testid="member-computed-tier">
        {t('memberAdmin.computedTier', { tier: tierName(d.computedTier, locale) })}
      </Text>
      {d.downgrade ? (
        <Text className="yb-summary__row">
          {t('memberAdmin.downgrade', { tier: tierName(d.downgrade.to, locale), date: formatFullDate(hospitalDate(d.downgrade.after), locale) })}
        </Text>
      ) : null}
      <Text className="yb-summary__row">{t('memberAdmin.points', { n: grouped(d.points) })}</Text>
    </View>
  );
}

/** The value model's inputs (R, F, M) and each step to the value. */
function Breakdown(props: { d: MemberDetailView }) {
  const { t } = useI18n();
  const b = props.d.breakdown;
  const rows: [MessageKey, string][] = [
    ['memberAdmin.b.recency', b.recencyDays === null ? t('memberAdmin.b.never') : t('memberAdmin.b.recencyDays', { n: b.recencyDays })],
    ['memberAdmin.b.frequency', String(b.frequency)],
    ['memberAdmin.b.monetary', formatFen(b.monetary)],
    ['memberAdmin.b.yearsActive', String(b.yearsActive)],
    ['memberAdmin.b.pastMargin', formatFen(b.pastMargin)],
    ['memberAdmin.b.annualMargin', formatFen(b.annualMargin)],
    ['memberAdmin.b.futureFactor', String(b.futureFactor)],
    ['memberAdmin.b.activeProbability', String(b.activeProbability)],
    ['memberAdmin.b.futureValue', formatFen(b.futureValue)],
    ['memberAdmin.b.value', formatFen(b.value)],
  ];
  return (
    <View className="yb-summary__section" data-testid="member-breakdown">
      <Text className="yb-summary__title">{t('memberAdmin.breakdown')}</Text>
      <View className="yb-member-table">
        {rows.map(([label, value]) => (
          <View key={label} className="yb-member-table__row">
            <Text className="yb-member-table__label">{t(label)}</Text>
            <Text className="yb-member-table__value">{value}</Text>
          </View>
        ))}
      </View>
      <Text className="yb-member-formula__line" data-testid="member-value-sum">
        {t('memberAdmin.b.sum', {
          past: formatFen(b.pastMargin),
          annual: formatFen(b.annualMargin),
          factor: String(b.futureFactor),
          p: String(b.activeProbability),
          value: formatFen(b.value),
        })}
      </Text>
    </View>
  );
}

function History(props: { d: MemberDetailView }) {
  const { t, locale } = useI18n();
  const now = new Date();
  return (
    <View className="yb-summary__section" data-testid="member-history">
      <Text className="yb-summary__title">{t('memberAdmin.history')}</Text>
      {props.d.history.length === 0 ? <Text className="yb-summary__row yb-small">{t('memberAdmin.historyEmpty')}</Text> : null}
      {props.d.history.map((h, i) => (
        <Text key={i} className="yb-summary__row" data-testid="member-history-row" data-reason={h.reason}>
          {t('memberAdmin.historyRow', {
            time: formatSentAt(h.at, locale, now),
            from: tierName(h.from, locale),
            to: tierName(h.to, locale),
            reason: t(`memberAdmin.reason.${h.reason}` as MessageKey),
          })}
        </Text>
      ))}
    </View>
  );
}

/** Set a tier by hand until a date with a reason (admins); the server's refusal is shown in the reader's language. */
function OverrideForm(props: { d: MemberDetailView; onSaved: (d: MemberDetailView) => void }) {
  const { t, locale } = useI18n();
  const [tier, setTier] = useState<MemberTier>(props.d.override?.tier ?? props.d.tier);
  const [date, setDate] = useState(() => defaultOverrideDate(new Date()));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    if (!DATE_PATTERN.test(date.trim())) return setError(t('memberAdmin.overrideBadDate', { example: defaultOverrideDate(new Date()) }));
    if (!reason.trim()) return setError(t('memberAdmin.overrideNeedsReason'));
    setBusy(true);
    try {
      const saved = await setTierOverride(props.d.patientId, { tier, until: overrideUntil(date.trim()), reason: reason.trim() });
      void Taro.showToast({ title: t('memberAdmin.overrideSaved'), icon: 'none' });
      setReason('');
      props.onSaved(saved);
    } catch (e) {
      setError(toApiError(e, locale).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="yb-campaign-panel" data-testid="member-override-form">
      <Text className="yb-summary__title">{t('memberAdmin.setOverride')}</Text>
      <Text className="yb-muted">{t('memberAdmin.setOverrideHint')}</Text>
      <View className="yb-field">
        <Text className="yb-field__label">{t('memberAdmin.overrideTier')}</Text>
        <View className="yb-choices">
          {ALL_TIERS.map((k) => (
            <Text key={k} className={`yb-choice ${tier === k ? 'yb-choice--on' : ''}`} onClick={() => setTier(k)} data-testid={`member-override-tier-${k}`}>
              {tierName(k, locale)}
            </Text>
          ))}
        </View>
      </View>
      <View className="yb-field">
        <Text className="yb-field__label">{t('memberAdmin.overrideDate')}</Text>
        <Input className="yb-input" value={date} onInput={(e) => setDate(e.detail.value)} data-testid="member-override-date" />
      </View>
      <View className="yb-field">
        <Text className="yb-field__label">{t('memberAdmin.overrideReasonLabel')}</Text>
        <Input className="yb-input" value={reason} maxlength={200} onInput={(e) => setReason(e.detail.value)} data-testid="member-override-reason" />
      </View>
      <View data-testid="member-override-error">
        <InlineError message={error} />
      </View>
      <View className="yb-campaign-actions">
        <Button type="primary" loading={busy} disabled={busy} onClick={() => void save()} data-testid="member-override-save">
          {t('memberAdmin.overrideSave')}
        </Button>
      </View>
    </View>
  );
}

/** 会员详情 (admins, from a patient's panel): tier, value in detail, history, and an override. */
export default function MemberDetailPage() {
  const { t } = useI18n();
  const patientId = useRouter().params.id;
  const { member } = useStaffMember();
  const isAdmin = !!member?.roles.includes('admin');
  const detail = useQuery(() => memberDetail(patientId!), [patientId], !!member && !!patientId && isAdmin);
  const [saved, setSaved] = useState<MemberDetailView | null>(null);
  usePullDownRefresh(() => {
    void detail.reload().finally(() => Taro.stopPullDownRefresh());
  });
  const d = saved && saved.patientId === patientId ? saved : detail.data;
  return (
    <Page title="memberAdmin.detail" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="membershipPolicy" /> : <View />}
      <ConsoleMain>
        <View data-testid="member-detail" data-patient-id={patientId ?? ''}>
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('memberAdmin.detail')}</Text>
          </View>
          {member && !isAdmin ? <EmptyState title={t('memberAdmin.detail')} hint={t('memberAdmin.adminsOnly')} /> : null}
          {!patientId ? <EmptyState title={t('memberAdmin.detail')} hint={t('memberAdmin.noPatient')} /> : null}
          {patientId && (!member || (isAdmin && detail.loading && !d)) ? <LoadingState /> : null}
          {detail.error && !d ? <ErrorState error={detail.error} title={t('memberAdmin.detailLoadError')} onRetry={() => void detail.reload()} /> : null}
          {d ? (
            <>
              <TierCard d={d} />
              <Breakdown d={d} />
              <History d={d} />
              {isAdmin ? (
                <OverrideForm
                  d={d}
                  onSaved={(next) => {
                    setSaved(next);
                    void detail.reload().then(() => setSaved(null));
                  }}
                />
              ) : null}
            </>
          ) : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
