import type { OrderView } from '@yiban/shared';
import { translate } from '../../src/i18n';
import { groupDigits, spellDigits } from '../../src/utils/digits';
import { mergeOrders, orderStateLabel } from '../../src/utils/orders';

const order = (id: string, overrides: Partial<OrderView> = {}): OrderView => ({
  id,
  outTradeNo: `YB${id}`,
  purpose: 'appointment',
  subject: { id: `a-${id}`, title: '挂号 · 心血管内科 · 张伟', detail: '11月23日 09:00', link: `packages/booking/pages/appointment/index?id=a-${id}` },
  patientId: 'p1',
  patientName: '王小明',
  state: 'paid',
  amount: 5000,
  refunded: 0,
  refundPending: 0,
  payBefore: null,
  paidAt: '2026-11-20T01:00:00Z',
  createdAt: '2026-11-20T00:59:00Z',
  refunds: [],
  ...overrides,
});

describe('the check-in number read aloud', () => {
  it('groups six digits in threes, keeping leading zeros, and spells them for a screen reader', () => {
    expect(groupDigits('482913')).toBe('482 913');
    expect(groupDigits('048291')).toBe('048 291');
    expect(spellDigits('482913')).toBe('4 8 2 9 1 3');
  });

  it('says where to look: the number comes below the prompt', () => {
    expect(translate('zh-CN', 'checkin.prompt')).toBe('请向工作人员出示二维码或报出下方号码');
    expect(translate('en', 'checkin.prompt')).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('我的订单', () => {
  it('words every state, in both languages, with a tone for its badge', () => {
    for (const state of ['pending', 'paid', 'refunding', 'partially_refunded', 'refunded', 'closed'] as const) {
      const { key, tone } = orderStateLabel(state);
      expect(translate('zh-CN', key)).not.toBe(key);
      expect(translate('en', key)).not.toMatch(/[\u4e00-\u9fff]/);
      expect(['good', 'attention', 'neutral', 'bad']).toContain(tone);
    }
    expect(translate('zh-CN', orderStateLabel('refunded').key)).toBe('已退款');
    expect(translate('en', orderStateLabel('partially_refunded').key)).toBe('Partly refunded');
  });

  it('joins pages newest first, each order once (a refreshed page replaces what it had)', () => {
    const first = [order('03'), order('02')];
    const refreshed = order('02', { state: 'refunded', refunded: 5000 });
    const merged = mergeOrders(first, [refreshed, order('01')]);
    expect(merged.map((o) => o.id)).toEqual(['03', '02', '01']);
    expect(merged[1]!.state).toBe('refunded');
  });
});
