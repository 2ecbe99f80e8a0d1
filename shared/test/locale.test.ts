import { errorMessage, maskIdNumber, maskName, maskPhone, resolveLocale } from '@yiban/shared';

describe('resolveLocale', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.2, zh-TW;q=0.8', 'zh-CN'],
    ['de', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
  ])('%s → %s', (header, expected) => {
    expect(resolveLocale(header)).toBe(expected);
  });
});

describe('errorMessage', () => {
  it('fills placeholders in both languages', () => {
    expect(errorMessage('PATIENT_LIMIT_REACHED', 'zh-CN', { max: 8 })).toBe('最多可添加 8 位就诊人');
    expect(errorMessage('UNKNOWN_FIELD', 'en', { fields: ['a', 'b'] })).toContain('a, b');
  });
});

describe('masking', () => {
  it('masks phones, ID numbers and names', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8613812345678')).toBe('+86138****5678');
    expect(maskIdNumber('110101199003071234')).toBe('1101**********1234');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('Alice Wong')).toBe('A**** W***');
  });
});
