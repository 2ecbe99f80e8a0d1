import { Text, View } from '@tarojs/components';
import { ErrorState, LoadingState } from '../../../components/states';
import { useI18n } from '../../../hooks/use-i18n';
import { useQuery } from '../../../hooks/use-query';
import { getPatientSummary } from '../../../services/consultations';
import { useAppState } from '../../../store/app-store';
import { localName } from '../../../utils/appointments';
import { grantState } from '../../../utils/break-glass';
import { formatDate } from '../../../utils/clinic-time';
import { consultStatusLabel } from '../../../utils/consult';
import { formatSentAt } from '../../../utils/message-format';
import { HealthRecordPanel } from '../../health-record/components/HealthRecordPanel';
import { rememberedGrant } from '../break-glass-memory';
import { BreakGlassBanner, CareRelationshipRequired } from './BreakGlass';
import { FollowupPanel } from './FollowupPanel';
import { tierName } from '../membership-admin';
import { MemberPanel } from './MemberPanel';

/**
 * Beside the chat: who the patient is and their care so far (every load is written to the audit log by the server).
 * Without a care relationship the server refuses (CARE_RELATIONSHIP_REQUIRED): the panel says why and offers to
 * break the glass, then loads again.
 */
export function PatientSummary(props: { consultationId: string }) {
  const { t, locale } = useI18n();
  const staffId = useAppState((st) => st.staff.member?.id);
  const summary = useQuery(() => getPatientSummary(props.consultationId), [props.consultationId]);
  if (summary.loading && !summary.data) return <LoadingState />;
  if (summary.error?.code === 'CARE_RELATIONSHIP_REQUIRED') {
    return <CareRelationshipRequired consultationId={props.consultationId} onOpened={() => void summary.reload()} />;
  }
  if (summary.error) return <ErrorState error={summary.error} title={t('summary.loadError')} onRetry={() => void summary.reload()} />;
  const s = summary.data;
  if (!s) return null;
  const remembered = rememberedGrant(staffId, s.patientId);
  const grant = remembered && grantState(remembered, new Date()) === 'open' ? remembered : null;
  return (
    <View className="yb-summary" data-testid="patient-summary" data-patient-id={s.patientId}>
      {grant ? <BreakGlassBanner expiresAt={grant.expiresAt} onEnded={() => void summary.reload()} /> : null}
      <Text className="yb-h2">{s.name ?? t('desk.unnamed')}</Text>
      <Text className="yb-muted">
        {[t(`gender.${s.gender}`), s.age !== null ? t('summary.age', { n: s.age }) : null, t(`language.${s.language}`)].filter(Boolean).join(' · ')}
      </Text>
      <View className="yb-summary__section">
        <Text className="yb-summary__row">{t('console.labelled', { label: t('summary.phone'), value: s.phoneMasked ?? t('summary.none') })}</Text>
        <Text className="yb-summary__row" data-testid="summary-tier" data-tier={s.tier ?? ''}>
          {t('console.labelled', { label: t('summary.tier'), value: s.tier ? tierName(s.tier, locale) : t('summary.none') })}
        </Text>
        <Text className="yb-summary__row">
          {t('console.labelled', { label: t('summary.tags'), value: s.tags.length ? s.tags.join(t('console.listSeparator')) : t('summary.none') })}
        </Text>
      </View>
      <View className="yb-summary__section">
        <Text className="yb-summary__title">{t('summary.visits')}</Text>
        {s.visits.length === 0 ? <Text className="yb-summary__row yb-small">{t('summary.noVisits')}</Text> : null}
        {s.visits.map((v) => (
          <Text key={v.id} className="yb-summary__row" data-testid="summary-visit">
            {formatDate(v.date, locale)} · {localName({ zh: v.departmentName, en: v.departmentNameEn }, locale)}
            {v.doctorName ? ` · ${localName({ zh: v.doctorName, en: v.doctorNameEn }, locale)}` : ''} · {t(`summary.visitKind.${v.kind}`)}
          </Text>
        ))}
      </View>
      <View className="yb-summary__section" data-testid="summary-health-record">
        <Text className="yb-summary__title">{t('health.panel.title')}</Text>
        <HealthRecordPanel patientId={s.patientId} />
      </View>
      <FollowupPanel patientId={s.patientId} />
      <MemberPanel patientId={s.patientId} />
      <View className="yb-summary__section">
        <Text className="yb-summary__title">{t('summary.consultations')}</Text>
        {s.consultations.filter((c) => c.id !== props.consultationId).length === 0 ? (
          <Text className="yb-summary__row yb-small">{t('summary.noConsultations')}</Text>
        ) : null}
        {s.consultations
          .filter((c) => c.id !== props.consultationId)
          .map((c) => (
            <Text key={c.id} className="yb-summary__row">
              {formatSentAt(c.createdAt, locale, new Date())} · {t(consultStatusLabel({ status: c.status, assigneeStaffId: 'x', overdue: false }, 'staff').key)}{' '}
              · {c.subject}
            </Text>
          ))}
      </View>
      <Text className="yb-small">{t('summary.audited')}</Text>
    </View>
  );
}
