import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { InboxMessageView, MessageKind } from '@yiban/shared';
import { formatSentAt, messageCard } from '../../src/utils/message-format';
import { routeFor, SUBPACKAGE_PAGES, TAB_PAGES } from '../../src/utils/routes';

const BEIJING = 480;
// 2026-11-22 10:00 in Beijing.
const NOW = new Date('2026-11-22T02:00:00Z');

const reminder: InboxMessageView = {
  id: '01JD0000000000000000000001',
  kind: 'appointment_reminder',
  data: { thing5: '请提前15分钟到达', name1: '张三', thing2: '心血管内科', name3: '李医生', time4: '2026-11-23 09:00' },
  page: 'pages/home/index',
  sentAt: '2026-11-22T01:30:00Z',
};

describe('message card', () => {
  it('titles the card by kind and labels each keyword in the layout’s order (zh-CN)', () => {
    const card = messageCard(reminder, 'zh-CN', NOW, BEIJING);
    expect(card.title).toBe('就诊提醒');
    expect(card.lines.map((l) => `${l.label}：${l.value}`)).toEqual([
      '就诊人：张三',
      '科室：心血管内科',
      '医生：李医生',
      '就诊时间：2026-11-23 09:00',
      '温馨提示：请提前15分钟到达',
    ]);
    expect(card.time).toBe('今天 09:30');
    expect(card.target).toEqual({ url: '/pages/home/index', tab: true });
  });

  it('in English', () => {
    const card = messageCard(reminder, 'en', NOW, BEIJING);
    expect(card.title).toBe('Appointment reminder');
    expect(card.lines.map((l) => l.label)).toEqual(['Patient', 'Department', 'Doctor', 'Time', 'Note']);
    expect(card.time).toBe('Today 09:30');
  });

  it('every kind has a title in both languages; empty values are left out, unknown keywords still shown', () => {
    const kinds: MessageKind[] = ['appointment_reminder', 'doctor_replied', 'survey_invitation', 'event_reminder', 'health_education', 'follow_up_reminder'];
    for (const kind of kinds) {
      expect(messageCard({ ...reminder, kind, data: {} }, 'zh-CN', NOW).title).toMatch(/\S/);
      expect(messageCard({ ...reminder, kind, data: {} }, 'en', NOW).title).toMatch(/^[A-Z]/);
    }
    const card = messageCard(
      { ...reminder, kind: 'doctor_replied', data: { name1: '王医生', thing2: ' ', thing9: '额外内容', time3: '11月22日 09:00' } },
      'zh-CN',
      NOW,
      BEIJING,
    );
    expect(card.title).toBe('医生回复通知');
    expect(card.lines).toEqual([
      { key: 'name1', label: '医生', value: '王医生' },
      { key: 'time3', label: '回复时间', value: '11月22日 09:00' },
      { key: 'thing9', label: 'thing9', value: '额外内容' },
    ]);
  });

  it('a kind this version does not know still reads as a hospital notice', () => {
    const card = messageCard({ ...reminder, kind: 'lab_result' as MessageKind, data: { thing1: '血常规' } }, 'zh-CN', NOW, BEIJING);
    expect(card.title).toBe('医院通知');
    expect(card.lines).toEqual([{ key: 'thing1', label: 'thing1', value: '血常规' }]);
  });

  it('opens the message’s page: tab pages by switchTab (no query), other pages with their query; unknown pages not at all', () => {
    expect(messageCard({ ...reminder, page: 'packages/family/pages/edit/index?id=7' }, 'zh-CN', NOW).target).toEqual({
      url: '/packages/family/pages/edit/index?id=7',
      tab: false,
    });
    expect(messageCard({ ...reminder, page: '/pages/messages/index?from=push' }, 'zh-CN', NOW).target).toEqual({ url: '/pages/messages/index', tab: true });
    expect(messageCard({ ...reminder, page: 'pages/appointment/detail?id=42' }, 'zh-CN', NOW).target).toBeNull();
    expect(messageCard({ ...reminder, page: null }, 'zh-CN', NOW).target).toBeNull();
  });
});

describe('sent time in the patient’s language (the device’s clock)', () => {
  const at = (iso: string, locale: 'zh-CN' | 'en') => formatSentAt(iso, locale, NOW, BEIJING);
  it('today, yesterday, this year, earlier', () => {
    expect(at('2026-11-21T16:05:00Z', 'zh-CN')).toBe('今天 00:05'); // just after midnight in Beijing
    expect(at('2026-11-21T15:59:00Z', 'zh-CN')).toBe('昨天 23:59');
    expect(at('2026-11-21T15:59:00Z', 'en')).toBe('Yesterday 23:59');
    expect(at('2026-06-01T01:30:00Z', 'zh-CN')).toBe('6月1日 09:30');
    expect(at('2026-06-01T01:30:00Z', 'en')).toBe('1 Jun 09:30');
    expect(at('2025-12-31T12:00:00Z', 'zh-CN')).toBe('2025年12月31日 20:00');
    expect(at('2025-12-31T12:00:00Z', 'en')).toBe('31 Dec 2025 20:00');
    expect(at('not a date', 'en')).toBe('');
  });
  it('uses the device’s offset unless told', () => {
    const local = new Date(2026, 10, 22, 8, 7);
    expect(formatSentAt(local.toISOString(), 'zh-CN', new Date(2026, 10, 22, 12, 0))).toBe('今天 08:07');
  });
});

describe('routes known to the app', () => {
  it('match app.config.ts exactly (a message may only open a page this build has)', () => {
    const config = readFileSync(path.resolve(__dirname, '../../src/app.config.ts'), 'utf8');
    const pages = /pages:\s*\[([^\]]*)\]/
      .exec(config)![1]!
      .match(/'([^']+)'/g)!
      .map((p) => p.slice(1, -1));
    expect(pages).toEqual([...TAB_PAGES]);
    const sub = [...config.matchAll(/root:\s*'([^']+)'[^}]*pages:\s*\[([^\]]*)\]/g)].flatMap((m) =>
      m[2]!.match(/'([^']+)'/g)!.map((p) => `${m[1]}/${p.slice(1, -1)}`),
    );
    expect(sub.sort()).toEqual([...SUBPACKAGE_PAGES].sort());
    expect(routeFor('packages/booking/pages/doctors/index?departmentId=d1')).toEqual({
      url: '/packages/booking/pages/doctors/index?departmentId=d1',
      tab: false,
    });
  });
});
