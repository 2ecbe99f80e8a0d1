import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NOTIFICATION_KINDS, type NotificationView } from '@yiban/shared';
import { formatSentAt, markReadIn, messageCard, messageTitle, newestUnreadTitle } from '../../src/utils/message-format';
import { routeFor, SUBPACKAGE_PAGES, TAB_PAGES } from '../../src/utils/routes';

const BEIJING = 480;
// 2026-11-22 10:00 in Beijing.
const NOW = new Date('2026-11-22T02:00:00Z');

/** A booking confirmation as GET /me/messages answers it in Chinese. */
const confirmed: NotificationView = {
  id: '01JD0000000000000000000001',
  kind: 'appointment_confirmed',
  patientId: 'p1',
  title: '预约成功',
  body: '预约成功，请按时就诊。就诊当天出示预约二维码签到。',
  lines: [
    { label: '就诊人', value: '张三' },
    { label: '科室', value: '心血管内科' },
    { label: '医生', value: '张伟' },
    { label: '就诊时间', value: '11月23日 09:00' },
    { label: '费用', value: '¥50.00' },
  ],
  link: 'packages/booking/pages/appointment/index?id=01JD0000000000000000000009',
  at: '2026-11-22T01:30:00Z',
  readAt: null,
};

describe('message card', () => {
  it('the kind’s title, the server’s sentence and labelled lines, the time it came, unread, the page it opens (zh-CN)', () => {
    const card = messageCard(confirmed, 'zh-CN', NOW, BEIJING);
    expect(card.title).toBe('预约成功');
    expect(card.body).toBe('预约成功，请按时就诊。就诊当天出示预约二维码签到。');
    expect(card.lines.map((l) => `${l.label}：${l.value}`)).toEqual([
      '就诊人：张三',
      '科室：心血管内科',
      '医生：张伟',
      '就诊时间：11月23日 09:00',
      '费用：¥50.00',
    ]);
    expect(new Set(card.lines.map((l) => l.key)).size).toBe(5);
    expect(card.time).toBe('今天 09:30');
    expect(card.unread).toBe(true);
    expect(card.label).toBe('未读消息：预约成功，今天 09:30');
    expect(card.target).toEqual({ url: '/packages/booking/pages/appointment/index?id=01JD0000000000000000000009', tab: false });
  });

  it('in English: the title from the app’s catalogue, the rest as the server rendered it; read cards say so', () => {
    const english: NotificationView = {
      ...confirmed,
      title: 'Appointment confirmed',
      body: 'Your appointment is confirmed. Show its QR code to check in on the day.',
      lines: [{ label: 'Department', value: 'Cardiology' }],
      readAt: '2026-11-22T01:40:00Z',
    };
    const card = messageCard(english, 'en', NOW, BEIJING);
    expect(card.title).toBe('Appointment confirmed');
    expect(card.time).toBe('Today 09:30');
    expect(card.unread).toBe(false);
    expect(card.label).toBe('Appointment confirmed, Today 09:30');
    expect(card.lines).toEqual([{ key: '0:Department', label: 'Department', value: 'Cardiology' }]);
  });

  it('every kind has a title in both languages; a kind this version does not know keeps the server’s title', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(messageTitle({ kind, title: '' }, 'zh-CN')).toMatch(/\S/);
      expect(messageTitle({ kind, title: '' }, 'en')).toMatch(/^[A-Z]/);
    }
    const lab = { ...confirmed, kind: 'lab_result' as NotificationView['kind'], title: '检验报告已出', lines: [{ label: '项目', value: '血常规' }] };
    expect(messageCard(lab, 'zh-CN', NOW, BEIJING).title).toBe('检验报告已出');
    expect(messageCard({ ...lab, title: ' ' }, 'zh-CN', NOW, BEIJING).title).toBe('医院通知');
    expect(messageCard({ ...lab, title: ' ' }, 'en', NOW, BEIJING).title).toBe('Hospital notice');
  });

  it('empty values are left out; a missing body or lines does not break the card', () => {
    const sparse = {
      ...confirmed,
      body: undefined,
      lines: [
        { label: '医生', value: ' ' },
        { label: '说明', value: '医生出差' },
      ],
    } as unknown as NotificationView;
    const card = messageCard(sparse, 'zh-CN', NOW, BEIJING);
    expect(card.body).toBe('');
    expect(card.lines.map((l) => l.value)).toEqual(['医生出差']);
    expect(messageCard({ ...confirmed, lines: undefined } as unknown as NotificationView, 'zh-CN', NOW).lines).toEqual([]);
  });

  it('opens the message’s page: tab pages by switchTab (no query), other pages with their query; unknown pages not at all', () => {
    expect(messageCard({ ...confirmed, link: 'packages/family/pages/edit/index?id=7' }, 'zh-CN', NOW).target).toEqual({
      url: '/packages/family/pages/edit/index?id=7',
      tab: false,
    });
    expect(messageCard({ ...confirmed, link: '/pages/messages/index?from=push' }, 'zh-CN', NOW).target).toEqual({ url: '/pages/messages/index', tab: true });
    expect(messageCard({ ...confirmed, link: 'packages/survey/pages/answer/index?id=42' }, 'zh-CN', NOW).target).toBeNull();
    expect(messageCard({ ...confirmed, link: null }, 'zh-CN', NOW).target).toBeNull();
  });
});

describe('read state in a list', () => {
  const list: NotificationView[] = [
    { ...confirmed, id: 'a', kind: 'doctor_replied', readAt: null },
    { ...confirmed, id: 'b', readAt: null },
    { ...confirmed, id: 'c', readAt: '2026-11-21T00:00:00Z' },
  ];
  it('marks one or all read, keeping when older ones were read', () => {
    const one = markReadIn(list, new Set(['b']), 'T');
    expect(one.map((m) => m.readAt)).toEqual([null, 'T', '2026-11-21T00:00:00Z']);
    expect(one[0]).toBe(list[0]);
    expect(markReadIn(list, 'all', 'T').map((m) => m.readAt)).toEqual(['T', 'T', '2026-11-21T00:00:00Z']);
  });
  it('the newest unread title (首页’s card), in the app’s language', () => {
    expect(newestUnreadTitle(list, 'zh-CN')).toBe('医生回复通知');
    expect(newestUnreadTitle(list, 'en')).toBe('Your doctor replied');
    expect(newestUnreadTitle(markReadIn(list, new Set(['a']), 'T'), 'en')).toBe('Appointment confirmed');
    expect(newestUnreadTitle(markReadIn(list, 'all', 'T'), 'en')).toBeNull();
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
