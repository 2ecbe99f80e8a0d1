import { identityChange, realNameMissing } from './identity-rules.js';

const none = { idType: null, idNumber: null, nationality: null };
// 11010519491231002X: born 1949-12-31, the 17th digit 2 (even) → female.
const RESIDENT = '11010519491231002X';

describe('identity rules (实名)', () => {
  it('takes the birth date and sex from a resident ID card, and refuses ones that disagree', () => {
    expect(identityChange({ idNumber: '110105 19491231 002x' }, none)).toEqual({
      idType: 'resident_id',
      idNumber: RESIDENT,
      birthDate: '1949-12-31',
      gender: 'female',
      nationality: 'CHN',
    });
    expect(() => identityChange({ idNumber: RESIDENT, birthDate: '1950-01-01' }, none)).toThrow(expect.objectContaining({ code: 'PATIENT_ID_DISAGREES' }));
    expect(() => identityChange({ idNumber: RESIDENT, gender: 'male' }, none)).toThrow(expect.objectContaining({ code: 'PATIENT_ID_DISAGREES' }));
    // Later edits are checked against the card on file.
    const onFile = { idType: 'resident_id' as const, idNumber: RESIDENT, nationality: 'CHN' };
    expect(() => identityChange({ birthDate: '1960-01-01' }, onFile)).toThrow(expect.objectContaining({ code: 'PATIENT_ID_DISAGREES' }));
    expect(identityChange({ birthDate: '1949-12-31' }, onFile)).toEqual({});
  });

  it('refuses a resident ID with a wrong checksum or date, and other documents in the wrong shape', () => {
    expect(() => identityChange({ idNumber: '110105194912310021' }, none)).toThrow(expect.objectContaining({ code: 'PATIENT_ID_NUMBER_INVALID' }));
    expect(() => identityChange({ idType: 'hk_macao_permit', idNumber: 'X1234567' }, none)).toThrow(
      expect.objectContaining({ code: 'PATIENT_ID_NUMBER_INVALID' }),
    );
    expect(identityChange({ idType: 'hk_macao_permit', idNumber: 'h12345678' }, none)).toMatchObject({ idType: 'hk_macao_permit', idNumber: 'H12345678' });
  });

  it('needs a nationality with a passport, and keeps the given birth date and sex', () => {
    expect(() => identityChange({ idType: 'passport', idNumber: 'E12345678' }, none)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(identityChange({ idType: 'passport', idNumber: 'e1234 5678', nationality: 'USA', birthDate: '1980-02-03', gender: 'male' }, none)).toEqual({
      idType: 'passport',
      idNumber: 'E12345678',
      nationality: 'USA',
      birthDate: '1980-02-03',
      gender: 'male',
    });
    expect(() => identityChange({ idType: 'passport', idNumber: 'E12345678', nationality: 'usa' }, none)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    // Changing the document's type needs its number.
    expect(() => identityChange({ idType: 'passport' }, { ...none, idType: 'resident_id' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('says what a profile lacks before it can book', () => {
    const complete = { name: '王秀英', idType: 'resident_id', idNumberEnc: 'enc', phoneEnc: 'enc' };
    expect(realNameMissing(complete, false)).toEqual([]);
    expect(realNameMissing({ ...complete, phoneEnc: null }, true)).toEqual([]);
    expect(realNameMissing({ name: '  ', idType: null, idNumberEnc: null, phoneEnc: null }, false)).toEqual(['name', 'idDocument', 'phone']);
  });
});
