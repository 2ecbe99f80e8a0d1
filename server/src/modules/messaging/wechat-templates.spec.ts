import { fitKeyword, fitTemplateData, templateData } from './wechat-templates.js';

describe('WeChat template data', () => {
  it('fits each keyword to its type’s rules in one place', () => {
    expect(fitKeyword('thing2', '心血管内科 门诊楼 3 层 A 区 靠近电梯的那一侧的诊室')).toBe('心血管内科 门诊楼 3 层 A 区 靠…');
    expect([...fitKeyword('thing2', 'x'.repeat(40))]).toHaveLength(20);
    expect(fitKeyword('name1', '欧阳娜娜娜娜娜娜娜娜娜')).toBe('欧阳娜娜娜娜娜娜娜娜');
    expect(fitKeyword('phrase4', '停诊取消并退款')).toBe('停诊取消并');
    expect(fitKeyword('thing5', '  多行\n  文字  ')).toBe('多行 文字');
    expect(fitKeyword('name1', '   ')).toBe('患者');
    expect(fitKeyword('thing1', '')).toBe('—');
    expect(fitKeyword('time3', '2026-12-08 09:30')).toBe('2026-12-08 09:30');
    expect(fitTemplateData({ thing1: 'a'.repeat(30), time2: 't' })).toEqual({ thing1: `${'a'.repeat(19)}…`, time2: 't' });
  });

  it('builds a kind’s keywords from its parameters, in Chinese', () => {
    const ctx = {
      department: () => ({ name: '心血管内科', location: '门诊楼 3 层 A 区' }),
      doctor: () => ({ name: '张伟' }),
      time: (iso: string) => iso.slice(0, 16).replace('T', ' '),
    };
    const data = templateData(
      'appointment_changed',
      {
        appointmentId: 'A1',
        patientName: null,
        departmentId: 'D1',
        doctorId: 'T1',
        startsAt: '2026-12-08T01:30:00.000Z',
        change: 'cancelled_by_hospital',
        refund: 5000,
        note: '医生临时出诊义诊活动需要调整',
        newStartsAt: null,
      },
      ctx,
    );
    expect(data).toEqual({
      name1: '就诊人',
      thing2: '心血管内科 张伟',
      time3: '2026-12-08 01:30',
      phrase4: '停诊取消',
      thing5: '医生临时出诊义诊活动需要调整，¥50.…',
    });
  });
});
