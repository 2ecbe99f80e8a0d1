import { accountProblems, passwordProblem, presetRange, ratingBars, stars, type AccountDraft } from '../../src/utils/administration';

const draft = (change: Partial<AccountDraft> = {}): AccountDraft => ({
  username: 'nurse.li',
  displayName: '李护士',
  password: 'Nurse-li-2026',
  roles: ['nurse'],
  departmentId: 'D1',
  ...change,
});

describe('administration helpers', () => {
  it('turns a date preset into hospital dates, both ends included', () => {
    expect(presetRange('today', '2026-12-06')).toEqual({ from: '2026-12-06', to: '2026-12-06' });
    expect(presetRange('week', '2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(presetRange('month', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(presetRange('all', '2026-12-06')).toEqual({});
  });

  it('says what is wrong with an account before it is sent, as the server would', () => {
    expect(accountProblems(draft(), true)).toEqual({});
    expect(accountProblems(draft({ username: ' ', displayName: '\u3000', password: '', roles: [] }), true)).toEqual({
      username: 'required',
      displayName: 'required',
      password: 'required',
      roles: 'required',
    });
    expect(accountProblems(draft({ username: 'ab' }), true).username).toBe('usernameLength');
    expect(accountProblems(draft({ username: '李 护士' }), true).username).toBe('usernameChars');
    expect(accountProblems(draft({ password: 'onlyletters' }), true).password).toBe('weak');
    expect(accountProblems(draft({ departmentId: null }), true).departmentId).toBe('needsDepartment');
    expect(accountProblems(draft({ roles: ['case_manager'], departmentId: null }), true)).toEqual({});
    // Editing: no username or password to check.
    expect(accountProblems(draft({ username: '', password: '' }), false)).toEqual({});
    expect(passwordProblem('abcdefghi1')).toBeNull();
    expect(passwordProblem('123456789012')).toBe('weak');
  });

  it('draws the score distribution as bars (widest = most given) with each share', () => {
    expect(ratingBars([0, 1, 0, 1, 2])).toEqual([
      { score: 1, count: 0, width: 0, share: 0 },
      { score: 2, count: 1, width: 50, share: 25 },
      { score: 3, count: 0, width: 0, share: 0 },
      { score: 4, count: 1, width: 50, share: 25 },
      { score: 5, count: 2, width: 100, share: 50 },
    ]);
    expect(ratingBars([0, 0, 0, 0, 0]).every((b) => b.width === 0 && b.share === 0)).toBe(true);
    expect(stars(4)).toBe('★★★★☆');
  });
});
