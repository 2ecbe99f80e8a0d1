import { formatFen, renderConsultSystemLine, renderNotification, type NotificationContext } from '../src/index.js';

const ctx: NotificationContext = {
  department: (id) => (id === 'D1' ? { name: '心血管内科', nameEn: 'Cardiology' } : undefined),
  doctor: (id) => (id === 'T1' ? { name: '张伟', nameEn: 'Dr Zhang Wei' } : undefined),
  time: (iso, locale) => `${locale}:${iso.slice(11, 16)}`,
  date: (iso, locale) => `${locale}:${iso}`,
};
const ref = { appointmentId: 'A1', patientName: '王小明', departmentId: 'D1', doctorId: 'T1', startsAt: '2026-12-08T01:30:00.000Z' };

describe('notifications in the reader’s language', () => {
  it('renders a booking confirmation from codes and ids, in Chinese and in English', () => {
    const n = { kind: 'appointment_confirmed' as const, params: { ...ref, fee: 5000 } };
    const zh = renderNotification(n, 'zh-CN', ctx);
    expect(zh.title).toBe('预约成功');
    expect(zh.lines).toEqual([
      { label: '就诊人', value: '王小明' },
      { label: '科室', value: '心血管内科' },
      { label: '医生', value: '张伟' },
      { label: '就诊时间', value: 'zh-CN:01:30' },
      { label: '费用', value: '¥50.00' },
    ]);
    const en = renderNotification(n, 'en', ctx);
    expect(en.title).toBe('Appointment confirmed');
    expect(en.body).toMatch(/confirmed/);
    expect(en.lines.map((l) => l.value)).toEqual(['王小明', 'Cardiology', 'Dr Zhang Wei', 'en:01:30', '¥50.00']);
    expect(JSON.stringify(en)).not.toMatch(/[预约科室医生]/);
  });

  it('says why an appointment changed, with the refund and the staff’s own words', () => {
    const n = {
      kind: 'appointment_changed' as const,
      params: { ...ref, change: 'cancelled_by_hospital' as const, refund: 5000, note: '医生出差', newStartsAt: null },
    };
    expect(renderNotification(n, 'zh-CN', ctx).body).toContain('¥50.00将原路退回');
    const en = renderNotification(n, 'en', ctx);
    expect(en.body).toBe(
      'The doctor’s clinic was cancelled, so your appointment is cancelled; ¥50.00 goes back to you. We are sorry; please book another time.',
    );
    expect(en.lines).toContainEqual({ label: 'Reason', value: '医生出差' });
  });

  it('tells a follow-up step in the reader’s language: the revisit asks to book, the step named as the hospital wrote it', () => {
    const n = {
      kind: 'follow_up_reminder' as const,
      params: {
        taskId: 'T',
        patientName: null,
        item: '回院拆线复诊',
        itemEn: 'Come back to have the stitches removed',
        dueAt: '2026-12-10T01:00:00.000Z',
        doctorName: null,
        step: 'revisit' as const,
      },
    };
    const en = renderNotification(n, 'en', ctx);
    expect(en.body).toBe('Your follow-up plan suggests a return visit soon. Tap to book.');
    expect(en.lines.map((l) => l.value)).toContain('Come back to have the stitches removed');
    const zh = renderNotification(n, 'zh-CN', ctx);
    expect(zh.lines.map((l) => l.value)).toContain('回院拆线复诊');
    const { itemEn: _en, ...chineseOnly } = n.params;
    expect(renderNotification({ ...n, params: chineseOnly }, 'en', ctx).lines.map((l) => l.value)).toContain('回院拆线复诊');
  });

  it('falls back when a profile has no name or a doctor wrote a picture', () => {
    const reply = { kind: 'doctor_replied' as const, params: { consultationId: 'C1', doctorName: null, preview: null, repliedAt: '2026-12-08T01:30:00.000Z' } };
    expect(renderNotification(reply, 'en', ctx).body).toBe('Your doctor replied to your question. Tap to read it.');
    expect(renderNotification(reply, 'zh-CN', ctx).lines).toContainEqual({ label: '回复内容', value: '[图片]' });
    const confirmed = renderNotification({ kind: 'appointment_confirmed', params: { ...ref, patientName: null, fee: 0 } }, 'en', ctx);
    expect(confirmed.lines.some((l) => l.label === 'Patient')).toBe(false);
    expect(confirmed.lines.some((l) => l.label === 'Fee')).toBe(false);
  });

  it('formats fen without floating point', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123456)).toBe('¥1234.56');
    expect(formatFen(-2000)).toBe('-¥20.00');
  });

  it('renders chat system lines in the reader’s language', () => {
    expect(renderConsultSystemLine({ code: 'claimed', params: { name: '张伟' } }, 'zh-CN')).toBe('张伟已接诊，请稍候。');
    expect(renderConsultSystemLine({ code: 'claimed', params: { name: '张伟' } }, 'en')).toBe('张伟 has taken your question. Please wait a moment.');
    expect(renderConsultSystemLine({ code: 'auto_closed', params: { hours: 48 } }, 'en')).toMatch(/^No new messages for 48 hours/);
    expect(renderConsultSystemLine({ code: 'transferred', params: { name: '陈静', role: 'case_manager' } }, 'zh-CN')).toBe(
      '您的咨询已转由个案管理师陈静继续解答。',
    );
    expect(renderConsultSystemLine({ code: 'closed_by_doctor', params: {} }, 'en')).toMatch(/^The doctor ended/);
    expect(renderConsultSystemLine({ code: 'escalated', params: { minutes: 120, leadName: null } }, 'zh-CN')).toBe(
      '超过首次回复时限（120 分钟）仍未回复，已升级至科室负责人。',
    );
  });
});
