import { isLockConflict, retryOnLockConflict } from './lock-conflicts.js';

describe('lock conflicts', () => {
  const deadlock = Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK' });

  it('knows a deadlock and a lock wait timeout, from the driver or wrapped by TypeORM', () => {
    expect(isLockConflict(deadlock)).toBe(true);
    expect(isLockConflict({ driverError: { code: 'ER_LOCK_WAIT_TIMEOUT' } })).toBe(true);
    expect(isLockConflict(Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' }))).toBe(false);
    expect(isLockConflict(new Error('other'))).toBe(false);
  });

  it('runs the work again after a conflict, gives up after the attempts, and never retries other errors', async () => {
    let calls = 0;
    await expect(retryOnLockConflict(async () => (++calls < 3 ? Promise.reject(deadlock) : 'done'))).resolves.toBe('done');
    expect(calls).toBe(3);

    calls = 0;
    await expect(retryOnLockConflict(async () => (++calls, Promise.reject(deadlock)), 2)).rejects.toBe(deadlock);
    expect(calls).toBe(2);

    calls = 0;
    const other = new Error('not a lock');
    await expect(retryOnLockConflict(async () => (++calls, Promise.reject(other)))).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});
