import { leanPatient, patientRows } from '@yiban/server/testing';
import { patientLogin } from '../support/actors.js';
import { simControl } from '../support/api-client.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ MAX_PROFILES_PER_ACCOUNT: '4' });
});
afterAll(() => stack.close());

const mother = { name: '王秀英', gender: 'female', birthDate: '1952-03-14', relationship: 'parent', phone: '13800138000', idNumber: '110105195203140026' };

describe('family profiles', () => {
  it('adds, lists, edits and removes a family member, with identifiers encrypted and masked', async () => {
    const me = await patientLogin(stack);
    const created = await stack.api.post('/me/patients', mother, { token: me.token });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '王秀英',
      relationship: 'parent',
      isSelf: false,
      phoneMasked: '138****8000',
      idNumberMasked: '1101**********0026',
    });
    expect(JSON.stringify(created.body)).not.toContain('110105195203140026');

    const stored = await patientRows.one(stack, { id: created.body.id });
    expect(stored.idNumberEnc).not.toContain('110105195203140026');
    expect(stored.phoneEnc).not.toContain('13800138000');

    const list = await stack.api.get('/me/patients', { token: me.token });
    expect(list.body.map((p: { relationship: string }) => p.relationship)).toEqual(['self', 'parent']);

    const edited = await stack.api.patch(`/me/patients/${created.body.id}`, { name: '王秀英', phone: '13600136000' }, { token: me.token });
    expect(edited.status).toBe(200);
    expect(edited.body.phoneMasked).toBe('136****6000');

    const removed = await stack.api.delete(`/me/patients/${created.body.id}`, { token: me.token });
    expect(removed.status).toBe(204);
    expect((await stack.api.get('/me/patients', { token: me.token })).body).toHaveLength(1);
    // The record stays (medical records are kept); it is only gone from the account's list.
    expect(await patientRows.count(stack, { id: created.body.id }, { withDeleted: true })).toBe(1);
  });

  it('reads a profile on the lean path exactly as TypeORM does, and leaves a removed one out', async () => {
    const me = await patientLogin(stack);
    const created = await stack.api.post('/me/patients', mother, { token: me.token });
    const self = await patientRows.one(stack, { id: me.patient.id });
    expect(self.relationship).toBe('self');
    expect(await leanPatient(stack, { accountId: self.accountId!, relationship: 'self' })).toEqual(self);
    const parent = await patientRows.one(stack, { id: created.body.id });
    expect(parent.idNumberEnc).toBeTruthy();
    expect(await leanPatient(stack, { id: created.body.id })).toEqual(parent);
    expect(await leanPatient(stack, { id: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' })).toBeNull();

    expect((await stack.api.delete(`/me/patients/${created.body.id}`, { token: me.token })).status).toBe(204);
    expect(await leanPatient(stack, { id: created.body.id })).toBeNull();
    expect(await leanPatient(stack, { id: created.body.id }, { withDeleted: true })).toEqual(
      await patientRows.one(stack, { id: created.body.id }, { withDeleted: true }),
    );
    // The removed profile can no longer be acted for.
    expect((await stack.api.get('/me/consents', { token: me.token, patientId: created.body.id })).body.code).toBe('FORBIDDEN_OWNERSHIP');
  });

  it('acts for the chosen profile with X-Patient-Id and defaults to the account holder', async () => {
    const me = await patientLogin(stack);
    const child = await stack.api.post('/me/patients', { name: '小明', gender: 'male', birthDate: '2018-06-01', relationship: 'child' }, { token: me.token });
    const own = await stack.api.get('/me/consents', { token: me.token });
    expect(own.status).toBe(200);
    const forChild = await stack.api.post(
      '/me/consents',
      { kind: 'privacy_policy', version: own.body.currentVersions.privacy_policy, granted: true },
      { token: me.token, patientId: child.body.id },
    );
    expect(forChild.status).toBe(200);
    expect(forChild.body.consents.privacy_policy.granted).toBe(true);
    expect((await stack.api.get('/me/consents', { token: me.token })).body.consents.privacy_policy).toBeUndefined();
  });

  it('never lets one account reach another account’s profiles', async () => {
    const alice = await patientLogin(stack);
    const bob = await patientLogin(stack);
    const bobsMother = await stack.api.post('/me/patients', { ...mother, idNumber: undefined }, { token: bob.token });
    for (const target of [bob.patient.id, bobsMother.body.id]) {
      const tries = [
        await stack.api.get(`/me/patients/${target}`, { token: alice.token }),
        await stack.api.patch(`/me/patients/${target}`, { name: '篡改' }, { token: alice.token }),
        await stack.api.delete(`/me/patients/${target}`, { token: alice.token }),
        await stack.api.get('/me/consents', { token: alice.token, patientId: target }),
        await stack.api.post('/me/consents', { kind: 'marketing', version: '2026-11-01', granted: true }, { token: alice.token, patientId: target }),
      ];
      for (const res of tries) {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN_OWNERSHIP');
      }
    }
    // A made-up id looks exactly like someone else's: nothing to probe.
    const ghost = await stack.api.get('/me/patients/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token: alice.token });
    expect(ghost.status).toBe(403);
    expect((await patientRows.one(stack, { id: bobsMother.body.id })).name).toBe('王秀英');
  });

  it('registers profiles by real name (实名): what is missing, the documents of other places, and a resident ID that must agree', async () => {
    const me = await patientLogin(stack, { phone: '13912345670' });
    const self = (await stack.api.get(`/me/patients/${me.patient.id}`, { token: me.token })).body;
    expect(self).toMatchObject({ idType: null, idNumberMasked: null, realNameMissing: ['name', 'idDocument', 'phone'] });

    // A resident ID card sets the birth date and the sex; ones that disagree are refused, with what the card says.
    const wrongBirth = await stack.api.post('/me/patients', { ...mother, birthDate: '1952-03-15' }, { token: me.token, language: 'en' });
    expect(wrongBirth.status).toBe(400);
    expect(wrongBirth.body).toMatchObject({ code: 'PATIENT_ID_DISAGREES', details: { birthDate: '1952-03-14', gender: 'female' } });
    expect(wrongBirth.body.message).toMatch(/does not match/);
    const fromCard = await stack.api.post('/me/patients', mother, { token: me.token });
    expect(fromCard.status).toBe(201);
    expect(fromCard.body).toMatchObject({ idType: 'resident_id', nationality: 'CHN', birthDate: '1952-03-14', gender: 'female', realNameMissing: [] });

    // A passport needs its holder's nationality; permits have their own formats.
    const visitor = { name: 'Emily Carter', gender: 'female', birthDate: '1988-07-02', relationship: 'spouse', idType: 'passport', idNumber: 'p 1234 5678' };
    const stateless = await stack.api.post('/me/patients', visitor, { token: me.token });
    expect(stateless.status).toBe(400);
    expect(stateless.body.details.fields).toEqual([{ field: 'nationality', problems: ['required'] }]);
    const passport = await stack.api.post('/me/patients', { ...visitor, nationality: 'GBR' }, { token: me.token });
    expect(passport.status).toBe(201);
    expect(passport.body).toMatchObject({ idType: 'passport', nationality: 'GBR', idNumberMasked: expect.not.stringContaining('12345678') });
    const badPermit = await stack.api.patch(`/me/patients/${passport.body.id}`, { idType: 'hk_macao_permit', idNumber: 'X1234567' }, { token: me.token });
    expect(badPermit.body.code).toBe('PATIENT_ID_NUMBER_INVALID');
    const newDocument = await stack.api.patch(`/me/patients/${passport.body.id}`, { idType: 'hk_macao_permit', idNumber: 'H12345678' }, { token: me.token });
    expect(newDocument.body).toMatchObject({ idType: 'hk_macao_permit', realNameMissing: ['phone'] });

    // The account holder names themselves; a phone bound to the account counts for every profile on it.
    const named = await stack.api.patch(`/me/patients/${me.patient.id}`, { name: '李明', idNumber: '110105199003070017' }, { token: me.token });
    expect(named.status).toBe(200);
    expect(named.body.realNameMissing).toEqual(['phone']);
    const { code } = await simControl(stack.simUrl, 'POST', '/__sim/phone-code', { openid: me.openid });
    expect((await stack.api.post('/me/phone', { code }, { token: me.token })).status).toBe(200);
    const everyone = await stack.api.get<{ name: string; realNameMissing: string[] }[]>('/me/patients', { token: me.token });
    expect(everyone.body.map((p) => [p.name, p.realNameMissing])).toEqual([
      ['李明', []],
      ['王秀英', []],
      ['Emily Carter', []],
    ]);
    const stored = await patientRows.one(stack, { id: me.patient.id });
    expect(stored.idNumberEnc).not.toContain('110105199003070017');
  });

  it('keeps the account holder’s own profile, refuses duplicates and caps the number of profiles', async () => {
    const me = await patientLogin(stack);
    const self = await stack.api.delete(`/me/patients/${me.patient.id}`, { token: me.token });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('PATIENT_SELF_NOT_REMOVABLE');

    expect((await stack.api.post('/me/patients', mother, { token: me.token })).status).toBe(201);
    const dup = await stack.api.post('/me/patients', { ...mother, name: '王秀英二' }, { token: me.token, language: 'en' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'PATIENT_DUPLICATE_ID_NUMBER', message: expect.stringContaining('ID card') });

    const badId = await stack.api.post('/me/patients', { ...mother, idNumber: '110105195203140027' }, { token: me.token });
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('PATIENT_ID_NUMBER_INVALID');
    const badPhone = await stack.api.post('/me/patients', { ...mother, idNumber: undefined, phone: '12345' }, { token: me.token });
    expect(badPhone.body.code).toBe('PATIENT_PHONE_INVALID');

    const family = (i: number) => ({ name: `家人${i}`, gender: 'female', birthDate: '1990-01-01', relationship: 'sibling' });
    // 1 self + 1 mother + 2 more = the cap of 4; these two arrive at once.
    const both = await Promise.all([
      stack.api.post('/me/patients', family(1), { token: me.token }),
      stack.api.post('/me/patients', family(2), { token: me.token }),
    ]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    const over = await stack.api.post('/me/patients', family(3), { token: me.token });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'PATIENT_LIMIT_REACHED', message: '最多可添加 4 位就诊人' });
    expect((await stack.api.get('/me/patients', { token: me.token })).body).toHaveLength(4);
  });

  it('keeps staff and anonymous callers out of patient routes', async () => {
    const anonymous = await stack.api.get('/me/patients');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('AUTH_REQUIRED');
    const garbage = await stack.api.get('/me/patients', { token: 'not-a-token' });
    expect(garbage.body.code).toBe('AUTH_TOKEN_INVALID');
  });
});
