import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { InChinese } from '../../components/InChinese';
import { ListRow, Section } from '../../components/ListRow';
import { Page } from '../../components/Page';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/states';
import { useCampaignOpen } from '../../hooks/use-campaign-open';
import { useI18n } from '../../hooks/use-i18n';
import { useQuery } from '../../hooks/use-query';
import { listDepartments } from '../../services/catalog';

export default function BookingPage() {
  const { t, locale } = useI18n();
  useCampaignOpen(); // a campaign's booking landing (`?c=<campaignId>`)
  // Rendered by the server in the app's language: asked again when it changes.
  const departments = useQuery(listDepartments, [locale]);
  usePullDownRefresh(() => {
    void departments.reload().finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <Page title="tab.booking" tab>
      <View className="yb-card yb-card--padded">
        <Text className="yb-h2">{t('booking.title')}</Text>
        <Text className="yb-muted">{t('booking.intro')}</Text>
      </View>
      {departments.loading && !departments.data ? <ListSkeleton rows={5} /> : null}
      {departments.error ? <ErrorState error={departments.error} onRetry={() => void departments.reload()} /> : null}
      {departments.data && departments.data.length === 0 ? <EmptyState icon="hospital" title={t('booking.empty')} hint={t('booking.emptyHint')} /> : null}
      {departments.data && departments.data.length > 0 ? (
        <Section title={t('booking.departments')}>
          {departments.data.map((d) => (
            <ListRow
              key={d.id}
              icon="stethoscope"
              title={
                <>
                  {d.name}
                  <InChinese show={d.fallback.includes('name')} />
                </>
              }
              hint={
                <>
                  {t('booking.location', { location: d.location })}
                  <InChinese show={d.fallback.includes('location')} />
                </>
              }
              arrow
              onClick={() => void Taro.navigateTo({ url: `/packages/booking/pages/doctors/index?departmentId=${d.id}` })}
            />
          ))}
        </Section>
      ) : null}
    </Page>
  );
}
