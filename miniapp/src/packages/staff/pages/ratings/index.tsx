import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { ConsultRatingSummary, ConsultRatingView } from '@yiban/shared';
import { useState } from 'react';
import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { EmptyState, ErrorState, InlineError, LoadingState } from '../../../../components/states';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';
import { useI18n } from '../../../../hooks/use-i18n';
import { useNow } from '../../../../hooks/use-now';
import { useQuery } from '../../../../hooks/use-query';
import { listConsultRatings } from '../../../../services/administration';
import { listDepartments } from '../../../../services/catalog';
import { DATE_PRESETS, presetRange, ratingBars, stars, type DatePreset } from '../../../../utils/administration';
import { hospitalDate } from '../../../../utils/clinic-time';
import { formatSentAt } from '../../../../utils/message-format';
import { ChoiceRow } from '../../components/ChoiceRow';
import { ConsoleMain, ConsoleSidebar } from '../../components/ConsoleLayout';
import { useStaffMember } from '../../use-staff';
import '../../staff.css';
import '../../admin.css';

const PAGE_SIZE = 20;
type ScoreFilter = 'all' | '3' | '2';

/** The count, the average and a bar per score (widest = most given), to see at a glance how the service is doing. */
function RatingSummary(props: { summary: ConsultRatingSummary }) {
  const { t } = useI18n();
  const s = props.summary;
  return (
    <View className="yb-rating-summary" data-testid="ratings-summary" data-count={s.count} data-average={s.average ?? ''}>
      <View className="yb-rating-summary__headline">
        <Text className="yb-rating-summary__average" data-testid="ratings-average">
          {s.average === null ? '–' : s.average.toFixed(1)}
        </Text>
        <View>
          <Text className="yb-rating-summary__stars">{s.average === null ? stars(0) : stars(Math.round(s.average))}</Text>
          <Text className="yb-rating-summary__count">
            {s.average === null ? t('ratings.noAverage') : t('ratings.average', { avg: s.average.toFixed(1) })} · {t('ratings.count', { n: s.count })}
          </Text>
        </View>
      </View>
      <View className="yb-rating-bars" role="list">
        {ratingBars(s.distribution)
          .slice()
          .reverse()
          .map((bar) => (
            <View key={bar.score} className="yb-rating-bar" role="listitem" data-testid={`ratings-bar-${bar.score}`} data-count={bar.count}>
              <Text className="yb-rating-bar__label">{t('ratings.bar', { score: bar.score })}</Text>
              <View className="yb-rating-bar__track">
                <View className={`yb-rating-bar__fill yb-rating-bar__fill--${bar.score}`} style={{ width: `${bar.width}%` }} />
              </View>
              <Text className="yb-rating-bar__count">{t('ratings.barCount', { n: bar.count, share: bar.share })}</Text>
            </View>
          ))}
      </View>
    </View>
  );
}

function RatingRow(props: { rating: ConsultRatingView; now: Date }) {
  const { t, locale } = useI18n();
  const r = props.rating;
  return (
    <View
      className={`yb-admin-row yb-rating ${r.score <= 2 ? 'yb-rating--low' : ''}`}
      data-testid="rating-item"
      data-consultation-id={r.consultationId}
      data-score={r.score}
    >
      <View className="yb-admin-row__head">
        <Text className="yb-rating__stars" aria-label={t('ratings.scoreLabel', { score: r.score })}>
          {stars(r.score)}
        </Text>
        <Text className="yb-admin-row__sub">{t('ratings.scoreLabel', { score: r.score })}</Text>
        <Text className="yb-admin-row__time">{t('ratings.ratedAt', { time: formatSentAt(r.ratedAt, locale, props.now) })}</Text>
      </View>
      <Text className={`yb-rating__comment ${r.comment ? '' : 'yb-rating__comment--none'}`} data-testid="rating-comment">
        {r.comment ?? t('ratings.noComment')}
      </Text>
      <View className="yb-admin-row__tags">
        <Text className="yb-admin-tag">{t(`consult.kind.${r.kind}`)}</Text>
        <Text className="yb-admin-row__meta">{r.departmentName}</Text>
        <Text className="yb-admin-row__meta">{r.staffName ? t('ratings.answeredBy', { name: r.staffName }) : t('ratings.unanswered')}</Text>
        <Text className="yb-admin-row__meta" data-testid="rating-patient" data-masked={r.patientNameMasked ? 'yes' : 'no'}>
          {t('ratings.patient', { name: r.patientName ?? t('audit.unnamed') })}
        </Text>
      </View>
    </View>
  );
}

/** 咨询评价 (service desk, admins): how patients rated closed consultations — a summary to look at, then each rating. */
export default function ConsultRatingsPage() {
  const { t, locale } = useI18n();
  const { member } = useStaffMember();
  const now = useNow(60_000);
  const [preset, setPreset] = useState<DatePreset>('month');
  const [score, setScore] = useState<ScoreFilter>('all');
  const [departmentId, setDepartmentId] = useState<string>('all');
  const departments = useQuery(listDepartments, [locale], !!member);

  const range = presetRange(preset, hospitalDate(new Date()));
  const key = JSON.stringify([range, score, departmentId, locale]);
  const ratings = useCursorPages({
    load: (cursor) =>
      listConsultRatings({
        ...range,
        maxScore: score === 'all' ? undefined : Number(score),
        departmentId: departmentId === 'all' ? undefined : departmentId,
        limit: PAGE_SIZE,
        cursor: cursor ?? undefined,
      }),
    idOf: (r) => r.consultationId,
    key,
    enabled: !!member,
  });
  const { refresh, loadMore } = ratings;
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => void loadMore());

  const items = ratings.items;
  return (
    <Page title="ratings.title" className="yb-console">
      {member ? <ConsoleSidebar member={member} current="ratings" /> : <View />}
      <ConsoleMain>
        <View data-testid="consult-ratings">
          <View className="yb-console__bar">
            <Text className="yb-console__title">{t('ratings.title')}</Text>
            <Text className="yb-textbutton" onClick={() => void refresh()} data-testid="ratings-refresh">
              {t('admin.refresh')}
            </Text>
          </View>
          <Text className="yb-muted">{t('ratings.intro')}</Text>

          <View className="yb-admin-filters">
            <ChoiceRow
              label={t('admin.range')}
              testId="ratings-filter-range"
              value={preset}
              onChange={setPreset}
              options={DATE_PRESETS.map((p) => ({ value: p, label: t(`admin.range.${p}`) }))}
            />
            <ChoiceRow
              label={t('ratings.score')}
              testId="ratings-filter-score"
              value={score}
              onChange={setScore}
              options={[
                { value: 'all', label: t('admin.all') },
                { value: '3', label: t('ratings.low') },
                { value: '2', label: t('ratings.veryLow') },
              ]}
            />
            {departments.data ? (
              <ChoiceRow
                label={t('ratings.department')}
                testId="ratings-filter-department"
                value={departmentId}
                onChange={setDepartmentId}
                options={[{ value: 'all', label: t('ratings.allDepartments') }, ...departments.data.map((d) => ({ value: d.id, label: d.name }))]}
              />
            ) : null}
          </View>

          {!member || (ratings.loading && !items) ? <LoadingState /> : null}
          {ratings.error && !items ? <ErrorState error={ratings.error} title={t('ratings.loadError')} onRetry={() => void refresh()} /> : null}
          {ratings.error && items ? <InlineError message={ratings.error.message} /> : null}
          {ratings.first && items ? <RatingSummary summary={ratings.first.summary} /> : null}
          {items && items.length === 0 && !ratings.loading ? <EmptyState title={t('ratings.empty')} hint={t('ratings.emptyHint')} /> : null}
          {items && items.length > 0 ? (
            <View className={`yb-admin-list ${ratings.loading ? 'yb-admin-list--stale' : ''}`} data-testid="ratings-list">
              {items.map((r) => (
                <RatingRow key={r.consultationId} rating={r} now={now} />
              ))}
            </View>
          ) : null}
          {ratings.moreError ? <InlineError message={t('admin.moreError', { message: ratings.moreError.message })} /> : null}
          {items && ratings.nextCursor ? (
            <View className="yb-grant__more">
              <Button
                size="large"
                block
                loading={ratings.loadingMore}
                disabled={ratings.loadingMore}
                onClick={() => void loadMore()}
                data-testid="ratings-more"
              >
                {ratings.loadingMore ? t('admin.loadingMore') : ratings.moreError ? t('common.retry') : t('admin.loadMore')}
              </Button>
            </View>
          ) : null}
          {items && items.length > 0 && !ratings.nextCursor ? <Text className="yb-small">{t('admin.allShown')}</Text> : null}
        </View>
      </ConsoleMain>
    </Page>
  );
}
