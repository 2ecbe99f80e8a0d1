import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { OrderView } from '@yiban/shared';

import { Button } from '../../../../components/nut';
import { Page } from '../../../../components/Page';
import { PatientGate } from '../../../../components/PatientGate';
import { EmptyState, ErrorState, InlineError, ListSkeleton } from '../../../../components/states';
import { useCursorPages } from '../../../../hooks/use-cursor-pages';
import { useI18n } from '../../../../hooks/use-i18n';
import { useReloadOnShow } from '../../../../hooks/use-reload-on-show';
import { useNow } from '../../../../hooks/use-now';
import { listOrders } from '../../../../services/home';
import { useAppState } from '../../../../store/app-store';
import { countdown } from '../../../../utils/clinic-time';
import { formatSentAt } from '../../../../utils/message-format';
import { formatFen } from '../../../../utils/money';
import { mergeOrders, orderStateLabel } from '../../../../utils/orders';
import '../../booking.css';
import './orders.css';

const PAGE_SIZE = 20;

/** One order: what it paid for (a tap opens it), for whom, its state, the money and every refund. */
function OrderCard(props: { order: OrderView; now: Date; showPatient: boolean }) {
  const { t, locale } = useI18n();
  const o = props.order;
  const state = orderStateLabel(o.state);
  const left = o.state === 'pending' ? countdown(o.payBefore, props.now, locale) : null;
  const openIt = o.subject.link ? () => void Taro.navigateTo({ url: `/${o.subject.link}` }) : undefined;
  return (
    <View
      className="yb-appt yb-order"
      data-testid="order"
      data-order-id={o.id}
      data-subject-id={o.subject.id}
      data-purpose={o.purpose}
      data-state={o.state}
      onClick={openIt}
      hoverClass={openIt ? 'yb-row--pressed' : 'none'}
      role={openIt ? 'link' : undefined}
      aria-label={t('orders.label', { title: o.subject.title, state: t(state.key), amount: formatFen(o.amount) })}
    >
      <View className="yb-appt__head">
        <Text className="yb-appt__title" data-testid="order-title">
          {o.subject.title}
        </Text>
        <Text className={`yb-status yb-status--${state.tone}`} data-testid="order-state">
          {t(state.key)}
        </Text>
      </View>
      {o.subject.detail ? <Text className="yb-appt__line yb-order__detail">{o.subject.detail}</Text> : null}
      {props.showPatient && o.patientName ? <Text className="yb-muted">{t('orders.for', { name: o.patientName })}</Text> : null}
      <Text className="yb-order__amount" data-testid="order-amount">
        {formatFen(o.amount)}
      </Text>
      {left ? <Text className="yb-order__due">{t('orders.payWithin', { countdown: left })}</Text> : null}
      {o.refunds.map((r) => (
        <Text key={r.id} className={`yb-order__refund yb-order__refund--${r.state}`} data-testid="order-refund" data-state={r.state}>
          {r.state === 'succeeded'
            ? t('orders.refund.succeeded', { amount: formatFen(r.amount), time: formatSentAt(r.settledAt ?? r.requestedAt, locale, props.now) })
            : t(r.state === 'processing' ? 'orders.refund.processing' : 'orders.refund.failed', { amount: formatFen(r.amount) })}
        </Text>
      ))}
      <Text className="yb-muted yb-order__meta">
        {o.paidAt
          ? t('orders.paidAt', { time: formatSentAt(o.paidAt, locale, props.now) })
          : t('orders.createdAt', { time: formatSentAt(o.createdAt, locale, props.now) })}
      </Text>
      <Text className="yb-muted yb-order__meta">{t('orders.number', { no: o.outTradeNo })}</Text>
      {openIt ? <Text className="yb-link">{t('orders.open')} ›</Text> : null}
    </View>
  );
}

/** 我的订单: the account's payments and refunds, newest first, a page at a time. */
function Orders() {
  const { t, locale } = useI18n();
  const hasFamily = useAppState((s) => s.patient.profiles.length > 1);
  const pages = useCursorPages({
    load: (cursor) => listOrders(cursor, PAGE_SIZE),
    idOf: (o) => o.id,
    // The account's orders again in the app's language.
    key: locale,
    // Newest first by id; an order on both pages (it changed meanwhile) is shown as last read.
    merge: (shown, more) => mergeOrders(shown, more),
  });
  const { items: orders, nextCursor: cursor, error, loadingMore, refresh, loadMore } = pages;
  const moreError = pages.moreError?.message ?? null;
  const now = useNow(1_000, !!orders?.some((o) => o.state === 'pending'));

  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });
  // Back from an appointment or a chat (paid, cancelled): show where the money stands now.
  useReloadOnShow(() => refresh());

  if (!orders) {
    if (error) return <ErrorState error={error} title={t('orders.loadError')} onRetry={() => void refresh()} />;
    return <ListSkeleton rows={3} />;
  }
  if (!orders.length) {
    return (
      <EmptyState
        icon="receipt"
        title={t('orders.empty')}
        hint={t('orders.emptyHint')}
        action={
          <Button type="primary" size="large" onClick={() => void Taro.switchTab({ url: '/pages/booking/index' })} data-testid="orders-book">
            {t('orders.emptyAction')}
          </Button>
        }
      />
    );
  }
  return (
    <View data-testid="orders" data-count={orders.length}>
      {orders.map((o) => (
        <OrderCard key={o.id} order={o} now={now} showPatient={hasFamily} />
      ))}
      <InlineError message={moreError} />
      {cursor ? (
        <View className="yb-actions">
          <Button size="large" fill="outline" loading={loadingMore} disabled={loadingMore} onClick={() => void loadMore()} data-testid="orders-more">
            {loadingMore ? t('orders.loadingMore') : t('orders.loadMore')}
          </Button>
        </View>
      ) : (
        <Text className="yb-muted yb-order__end">{t('orders.end')}</Text>
      )}
    </View>
  );
}

export default function OrdersPage() {
  return (
    <Page title="orders.title">
      <PatientGate>
        <Orders />
      </PatientGate>
    </Page>
  );
}
