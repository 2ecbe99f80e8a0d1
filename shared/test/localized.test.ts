import { DEPARTMENT_TEXTS, localized, renderTexts } from '@yiban/shared';

describe('localized: the catalogue’s fallback rule', () => {
  it('gives Chinese readers the Chinese, never marked', () => {
    expect(localized('心血管内科', 'Cardiology', 'zh-CN')).toEqual({ value: '心血管内科', fallback: false });
    expect(localized('心血管内科', '', 'zh-CN')).toEqual({ value: '心血管内科', fallback: false });
  });

  it('gives English readers the English, or the Chinese marked when there is none (empty, blank or missing)', () => {
    expect(localized('心血管内科', 'Cardiology', 'en')).toEqual({ value: 'Cardiology', fallback: false });
    for (const none of ['', '   ', null, undefined]) expect(localized('体检楼 1–2 层', none, 'en')).toEqual({ value: '体检楼 1–2 层', fallback: true });
  });

  it('treats a list as one text: English when any item was entered', () => {
    expect(localized(['高血压'], ['Hypertension'], 'en')).toEqual({ value: ['Hypertension'], fallback: false });
    expect(localized(['高血压'], [], 'en')).toEqual({ value: ['高血压'], fallback: true });
  });

  it('renders a record’s texts and names those shown in Chinese', () => {
    const department = {
      name: '健康体检中心',
      nameEn: 'Health Check Centre',
      description: '体检',
      descriptionEn: 'Check-ups',
      location: '体检楼',
      locationEn: '',
    };
    expect(renderTexts(department, DEPARTMENT_TEXTS, 'en')).toEqual({
      texts: { name: 'Health Check Centre', description: 'Check-ups', location: '体检楼' },
      fallback: ['location'],
    });
    expect(renderTexts(department, DEPARTMENT_TEXTS, 'zh-CN').fallback).toEqual([]);
  });
});
