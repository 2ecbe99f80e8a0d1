import type { PatientView } from '@yiban/shared';
import { translate } from '../../src/i18n';
import type { Translate } from '../../src/hooks/use-i18n';
import { formatFullDate } from '../../src/utils/clinic-time';
import { COMMON_NATIONALITIES, MORE_NATIONALITIES, moreNationalities, nationalityMode, nationalityName } from '../../src/utils/nationalities';
import {
  createRequest,
  draftFrom,
  factsFromResidentId,
  updateRequest,
  validateDraft,
  withIdNumber,
  withIdType,
  type ProfileDraft,
} from '../../src/utils/profile-draft';
import { missingFromDetails, missingPartsText, realNameGap, realNameSteps } from '../../src/utils/real-name';

const zh: Translate = (key, params) => translate('zh-CN', key, params);
const en: Translate = (key, params) => translate('en', key, params);

/** A resident ID card number with a correct checksum (region 110105). */
function residentId(birth: string, sexDigit: number): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const body = `110105${birth.replace(/-/g, '')}12${sexDigit}`;
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return `${body}${'10X98765432'[sum % 11]}`;
}

function profile(overrides: Partial<PatientView> = {}): PatientView {
  return {
    id: 'p1',
    name: null,
    gender: 'unknown',
    birthDate: null,
    relationship: 'self',
    isSelf: true,
    phoneMasked: null,
    idType: null,
    idNumberMasked: null,
    nationality: null,
    realNameMissing: ['name', 'idDocument', 'phone'],
    language: 'zh-CN',
    paymentPreference: 'self_pay',
    timeZone: null,
    createdAt: '2026-11-22T01:00:00Z',
    ...overrides,
  };
}

const TODAY = new Date('2026-12-01T00:00:00Z');
const check = (draft: ProfileDraft, requireIdDocument = false) => validateDraft(draft, zh, { requireIdDocument, today: TODAY });

describe('what a profile still lacks (实名)', () => {
  it('is what its view says; a server refusal counts only for the view it was about', () => {
    const stale = profile({ realNameMissing: [] });
    expect(realNameGap(stale, null)).toEqual([]);
    expect(realNameGap(stale, { profile: stale, missing: ['idDocument'] })).toEqual(['idDocument']);
    // Reloaded (a new view): the refusal no longer counts.
    expect(realNameGap(profile({ realNameMissing: [] }), { profile: stale, missing: ['idDocument'] })).toEqual([]);
    expect(realNameGap(profile({ realNameMissing: ['phone'] }), { profile: stale, missing: ['idDocument'] })).toEqual(['phone']);
    expect(realNameGap(null, null)).toEqual([]);
  });

  it('reads the server’s details.missing, keeping only parts it knows', () => {
    expect(missingFromDetails({ missing: ['phone', 'name'] })).toEqual(['name', 'phone']);
    expect(missingFromDetails({ missing: ['idDocument', 'shoeSize'] })).toEqual(['idDocument']);
    expect(missingFromDetails({ missing: 'name' })).toEqual(['name', 'idDocument']);
    expect(missingFromDetails(undefined)).toEqual(['name', 'idDocument']);
  });

  it('leads to the holder’s own editor or the family member’s, then the phone page', () => {
    expect(realNameSteps(profile(), ['name', 'idDocument', 'phone'])).toEqual([
      { kind: 'identity', url: '/packages/profile/pages/index/index?complete=1' },
      { kind: 'phone', url: '/packages/profile/pages/phone/index?complete=1' },
    ]);
    const mum = profile({ id: 'mum', isSelf: false, relationship: 'parent' });
    expect(realNameSteps(mum, ['idDocument'])).toEqual([{ kind: 'identity', url: '/packages/family/pages/edit/index?id=mum&complete=1' }]);
    expect(realNameSteps(mum, ['phone'])).toEqual([{ kind: 'phone', url: '/packages/profile/pages/phone/index?complete=1' }]);
    expect(realNameSteps(mum, [])).toEqual([]);
  });

  it('names the missing parts in the reader’s language', () => {
    expect(missingPartsText(['name', 'idDocument', 'phone'], zh)).toBe('真实姓名、有效证件、手机号');
    expect(missingPartsText(['idDocument'], en)).toBe('identity document');
    expect(missingPartsText(['name', 'phone'], en)).toBe('real name, phone number');
  });
});

describe('the profile form’s identity document', () => {
  const id = residentId('1952-03-14', 2); // even: female

  it('fills the birth date and sex from a valid resident ID, and then shows rather than asks them', () => {
    const draft = withIdNumber(draftFrom(null, { name: '王秀英' }), id);
    expect(draft).toMatchObject({ idNumber: id, year: '1952', month: '3', day: '14', gender: 'female' });
    expect(factsFromResidentId(draft)).toBe(true);
    // Half typed: nothing filled, the fields are asked.
    const partial = withIdNumber(draftFrom(null), id.slice(0, 10));
    expect(partial.year).toBe('');
    expect(factsFromResidentId(partial)).toBe(false);
    // A passport says nothing about them.
    expect(factsFromResidentId(withIdNumber(withIdType(draftFrom(null), 'passport'), 'E12345678'))).toBe(false);
  });

  it('checks the number for its type, with a message that says what a good one looks like', () => {
    const base = draftFrom(null, { name: '王秀英', year: '1952', month: '3', day: '14' });
    expect(check({ ...base, idNumber: '110105195203141234' })).toBe(translate('zh-CN', 'idNumber.invalid.resident_id'));
    expect(check({ ...base, idNumber: id.toLowerCase() })).toEqual({ birthDate: '1952-03-14' });
    expect(check({ ...base, idType: 'hk_macao_permit', idNumber: 'H1234567' })).toBe(translate('zh-CN', 'idNumber.invalid.hk_macao_permit'));
    expect(check({ ...base, idType: 'hk_macao_permit', idNumber: 'h12345678' })).toEqual({ birthDate: '1952-03-14' });
    expect(check({ ...base, idType: 'taiwan_permit', idNumber: '12345678' })).toEqual({ birthDate: '1952-03-14' });
    expect(check({ ...base, idType: 'foreign_permanent_resident', idNumber: 'USA123456789012' })).toEqual({ birthDate: '1952-03-14' });
    expect(validateDraft({ ...base, idType: 'passport', idNumber: 'E1', nationality: 'USA' }, en, { today: TODAY })).toBe(
      'That passport number is not valid: 5–20 letters or digits.',
    );
  });

  it('needs a passport’s nationality, as a three-letter code', () => {
    const base = withIdType(draftFrom(null, { name: 'John Smith', year: '1980', month: '5', day: '2' }), 'passport');
    expect(check({ ...base, idNumber: 'E12345678' })).toBe(translate('zh-CN', 'nationality.required'));
    expect(check({ ...base, idNumber: 'E12345678', nationality: 'US' })).toBe(translate('zh-CN', 'nationality.codeInvalid'));
    expect(check({ ...base, idNumber: 'E12345678', nationality: 'USA' })).toEqual({ birthDate: '1980-05-02' });
  });

  it('asks for the document only when completing a real name, or when the type changed from the one on file', () => {
    const blank = draftFrom(null, { name: '王小明', year: '1985', month: '6', day: '1' });
    expect(check(blank)).toEqual({ birthDate: '1985-06-01' });
    expect(check(blank, true)).toBe(translate('zh-CN', 'idNumber.required'));

    const onFile = draftFrom(profile({ name: '王小明', birthDate: '1985-06-01', idType: 'resident_id', idNumberMasked: '1101**********1234' }));
    expect(onFile.idOnFile).toEqual({ type: 'resident_id', masked: '1101**********1234' });
    expect(check(onFile, true)).toEqual({ birthDate: '1985-06-01' }); // keeps the one on file
    expect(check(withIdType(onFile, 'passport'))).toBe(translate('zh-CN', 'idNumber.required'));
  });

  it('starts with a passport’s nationality, and forgets a number typed for another type', () => {
    const passport = draftFrom(profile({ idType: 'passport', idNumberMasked: 'E1****78', nationality: 'GBR' }));
    expect(passport.nationality).toBe('GBR');
    expect(draftFrom(profile({ idType: 'resident_id', idNumberMasked: '1101**********1234', nationality: 'CHN' })).nationality).toBe('');
    const typed = withIdNumber(draftFrom(null), '12345678');
    expect(withIdType(typed, 'taiwan_permit').idNumber).toBe('');
    expect(withIdType(typed, 'resident_id')).toBe(typed);
  });

  it('checks from the top of the form down: the name, then the document, then the birth date', () => {
    expect(check(draftFrom(null, { idNumber: 'x' }))).toBe(translate('zh-CN', 'profile.nameRequired'));
    expect(check(draftFrom(null, { name: '王', idNumber: 'x' }))).toBe(translate('zh-CN', 'idNumber.invalid.resident_id'));
    expect(check(draftFrom(null, { name: '王' }))).toBe(translate('zh-CN', 'profile.birthRequired'));
    expect(check(draftFrom(null, { name: '王', year: '2027', month: '1', day: '1' }))).toBe(translate('zh-CN', 'profile.birthInvalid'));
    expect(check(draftFrom(null, { name: '王', year: '1990', month: '2', day: '30' }))).toBe(translate('zh-CN', 'profile.birthInvalid'));
    expect(check(draftFrom(null, { name: '王', year: '1990', month: '2', day: '3', phone: '123' }))).toBe(translate('zh-CN', 'profile.phoneInvalid'));
  });
});

describe('what a save sends', () => {
  const id = residentId('1952-03-14', 2);

  it('a new family member: the document normalised, the birth date and sex as filled from it', () => {
    const draft = withIdNumber(draftFrom(null, { name: ' 王秀英 ', relationship: 'parent', phone: '13800138000' }), ` ${id.slice(0, 6)} ${id.slice(6)} `);
    const checked = check(draft);
    expect(checked).toEqual({ birthDate: '1952-03-14' });
    expect(createRequest(draft, '1952-03-14')).toEqual({
      name: '王秀英',
      gender: 'female',
      birthDate: '1952-03-14',
      relationship: 'parent',
      phone: '13800138000',
      idType: 'resident_id',
      idNumber: id,
      language: 'zh-CN',
      paymentPreference: 'self_pay',
    });
  });

  it('the holder’s own profile: no relationship or phone; with a resident ID the server takes the birth date and sex from it', () => {
    const draft = withIdNumber(draftFrom(profile(), { name: '王小明' }), id);
    expect(updateRequest(draft, '1952-03-14', false)).toEqual({
      name: '王小明',
      idType: 'resident_id',
      idNumber: id,
      language: 'zh-CN',
      paymentPreference: 'self_pay',
    });
    // On file and unchanged: still the server's to keep.
    const onFile = draftFrom(
      profile({ name: '王小明', birthDate: '1952-03-14', gender: 'female', idType: 'resident_id', idNumberMasked: '1101**********1234' }),
    );
    expect(updateRequest(onFile, '1952-03-14', false)).toEqual({ name: '王小明', language: 'zh-CN', paymentPreference: 'self_pay' });
  });

  it('a passport: its type, number and nationality, and the birth date and sex as given', () => {
    const draft = { ...withIdType(draftFrom(profile(), { name: 'John Smith', year: '1980', month: '5', day: '2', gender: 'male' }), 'passport') };
    const withNumber = { ...withIdNumber(draft, 'e 1234 5678'), nationality: 'USA' };
    expect(updateRequest(withNumber, '1980-05-02', false)).toEqual({
      name: 'John Smith',
      idType: 'passport',
      idNumber: 'E12345678',
      nationality: 'USA',
      gender: 'male',
      birthDate: '1980-05-02',
      language: 'zh-CN',
      paymentPreference: 'self_pay',
    });
  });

  it('a family member edited: the relationship and a phone typed', () => {
    const mum = profile({ id: 'mum', isSelf: false, relationship: 'parent', name: '王秀英', birthDate: '1952-03-14', gender: 'female' });
    const draft = { ...draftFrom(mum), phone: '13800138000' };
    expect(updateRequest(draft, '1952-03-14', true)).toEqual({
      name: '王秀英',
      gender: 'female',
      birthDate: '1952-03-14',
      relationship: 'parent',
      phone: '13800138000',
      language: 'zh-CN',
      paymentPreference: 'self_pay',
    });
  });
});

describe('nationalities', () => {
  it('have names in both languages for every listed code, and a code the app does not know shows as itself', () => {
    for (const code of [...COMMON_NATIONALITIES, ...MORE_NATIONALITIES]) {
      expect(nationalityName(code, 'zh-CN')).not.toBe(code);
      expect(nationalityName(code, 'en')).not.toBe(code);
      expect(code).toMatch(/^[A-Z]{3}$/);
    }
    expect(new Set([...COMMON_NATIONALITIES, ...MORE_NATIONALITIES]).size).toBe(COMMON_NATIONALITIES.length + MORE_NATIONALITIES.length);
    expect(nationalityName('USA', 'zh-CN')).toBe('美国');
    expect(nationalityName('GBR', 'en')).toBe('United Kingdom');
    expect(nationalityName('ISL', 'en')).toBe('ISL');
  });

  it('sort the longer list by name, and pick the way a stored code is shown', () => {
    const names = moreNationalities('en').map((n) => n.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect(moreNationalities('zh-CN')).toHaveLength(MORE_NATIONALITIES.length);
    expect(nationalityMode('')).toBe('common');
    expect(nationalityMode('USA')).toBe('common');
    expect(nationalityMode('THA')).toBe('list');
    expect(nationalityMode('ISL')).toBe('code');
  });
});

describe('a birth date', () => {
  it('shows with its year and no weekday', () => {
    expect(formatFullDate('1952-03-14', 'zh-CN')).toBe('1952年3月14日');
    expect(formatFullDate('1952-03-14', 'en')).toBe('14 Mar 1952');
  });
});
