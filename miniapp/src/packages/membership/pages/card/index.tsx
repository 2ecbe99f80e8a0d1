import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { MEMBER_TIER_LABELS, type MemberBenefit, type MemberTier } from '@yiban/shared';
import { Section } from '../../../../components/ListRow';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { EmptyState, ErrorState, ListSkeleton } from '../../../../components/states';
import { useI18n } from '../../../../hooks/use-i18n';
import { useQuery } from '../../../../hooks/use-query';
import { myMembership, myPoints, myReferral } from '../../../../services/membership';
import { useAppState } from '../../../../store/app-store';
import { formatDate, hospitalDate } from '../../../../utils/clinic-time';
import { ButlerCard } from '../../components/ButlerCard';
import { ReferralCard } from '../../components/ReferralCard';
import '../../membership.css';

function Card() {
  const { t, locale } = useI18n();
  const patientId = useAppState((s) => s.patient.activePatientId);
  const card = useQuery(myMembership, [patientId, locale]);
  const points = useQuery(myPoints, [patientId, locale]);
  const referral = useQuery(myReferral, [patientId, locale]);
  usePullDownRefresh(() => {
    void Promise.all([card.reload(), points.reload(), referral.reload()]).finally(() => Taro.stopPullDownRefresh());
  });
  const tierName = (tier: MemberTier) => MEMBER_TIER_LABELS[tier][locale === 'en' ? 'en' : 'zh'];
  const benefit = (b: MemberBenefit) => t(`membership.benefit.${b.code}`, { value: b.value ?? '' });
  const c = card.data;
  if (card.loading && !c) return <ListSkeleton rows={3} />;
  if (card.error && !c) return <ErrorState error={card.error} title={t('membership.loadError')} onRetry={() => void card.reload()} />;
  if (!c) return null;
  return (
    <View data-testid="membership-card" data-tier={c.tier}>
      <View className={`yb-tier-card yb-tier-card--${c.tier}`}>
        <Text className="yb-tier-card__tier" data-testid="membership-tier">
          {t('membership.tier', { tier: tierName(c.tier) })}
        </Text>
        {c.override ? (
          <Text className="yb-tier-card__next">{t('membership.override', { date: formatDate(hospitalDate(c.override.until), locale) })}</Text>
        ) : null}
        <Text className="yb-tier-card__points" data-testid="membership-points">
          {t('membership.points', { n: c.points })}
        </Text>
        {c.nextTier && c.progress !== undefined ? (
          <>
            <View className="yb-tier-card__bar">
              <View className="yb-tier-card__fill" style={{ width: `${Math.round(c.progress * 100)}%` }} />
            </View>
            <Text className="yb-tier-card__next" data-testid="membership-progress">
              {t('membership.progress', { percent: Math.round(c.progress * 100), tier: tierName(c.nextTier) })}
            </Text>
          </>
        ) : null}
      </View>
      {c.expiringSoon ? (
        <Text className="yb-muted" data-testid="membership-expiring">
          {t('membership.expiring', { n: c.expiringSoon.points, date: formatDate(hospitalDate(c.expiringSoon.on), locale) })}
        </Text>
      ) : null}
      {c.butler || c.tier === 'platinum' ? <ButlerCard butler={c.butler ?? null} /> : null}
      <Section title={t('membership.benefits')}>
        {c.benefits.length ? (
          c.benefits.map((b) => (
            <Text key={b.code} className="yb-points-row" data-testid="membership-benefit">
              {benefit(b)}
            </Text>
          ))
        ) : (
          <Text className="yb-muted">{t('membership.noBenefits')}</Text>
        )}
      </Section>
      <ReferralCard key={patientId ?? ''} referral={referral} />
      <Section title={t('membership.ledger')}>
        {points.data && !points.data.length ? <EmptyState icon="inbox" title={t('membership.ledgerEmpty')} hint={t('membership.ledgerEmptyHint')} /> : null}
        {(points.data ?? []).map((e) => (
          <View key={e.id} className="yb-points-row" data-testid="points-entry">
            <Text>
              {t(`membership.reason.${e.reason}` as 'membership.reason.visit')} · {formatDate(hospitalDate(e.createdAt), locale)}
            </Text>
            <Text className={e.delta > 0 ? 'yb-points-row__delta--up' : 'yb-points-row__delta--down'}>{e.delta > 0 ? `+${e.delta}` : e.delta}</Text>
          </View>
        ))}
      </Section>
      <Text className="yb-small">{t('membership.howTiers')}</Text>
    </View>
  );
}

/**
 * 会员中心: the tier card (progress to the next tier, what it brings), a platinum member's health butler, the
 * invitation code (and entering whoever invited them) and the points ledger.
 */
export default function MembershipCardPage() {
  return (
    <Page title="membership.title">
      <PatientGate>
        <Card />
      </PatientGate>
    </Page>
  );
}
