import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { ListRow, Section } from '../../components/ListRow';
import { Page } from '../../components/Page';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useI18n } from '../../hooks/use-i18n';
import { useQuery } from '../../hooks/use-query';
import { listDepartments } from '../../services/catalog';

export default function BookingPage() {
  const { t, locale } = useI18n();
  const departments = useQuery(listDepartments, []);
  usePullDownRefresh(() => {
    void departments.reload().finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <Page title="tab.booking" tab>
      <View className="yb-card yb-card--padded">
        <Text className="yb-h2">{t('booking.title')}</Text>
        <Text className="yb-muted">{t('booking.intro')}</Text>
      </View>
      {departments.loading && !departments.data ? <LoadingState /> : null}
      {departments.error ? <ErrorState error={departments.error} onRetry={() => void departments.reload()} /> : null}
      {departments.data && departments.data.length === 0 ? <EmptyState title={t('booking.empty')} hint={t('booking.emptyHint')} /> : null}
      {departments.data && departments.data.length > 0 ? (
        <Section title={t('booking.departments')}>
          {departments.data.map((d) => (
            <ListRow
              key={d.id}
              title={locale === 'en' ? d.nameEn : d.name}
              hint={t('booking.location', { location: d.location })}
              arrow
              onClick={() => void Taro.navigateTo({ url: `/packages/booking/pages/doctors/index?departmentId=${d.id}` })}
            />
          ))}
        </Section>
      ) : null}
    </Page>
  );
}
