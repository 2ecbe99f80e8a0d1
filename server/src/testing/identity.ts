import { isValidChineseIdNumber } from '@yiban/shared';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * A valid mainland resident ID card number, different for every `n` (region 110105, a birth date between 1940 and
 * 2009, the checksum computed): test patients register by real name like everyone else.
 */
export function residentIdNumber(n: number, options: { gender?: 'male' | 'female'; birthDate?: string } = {}): string {
  const day = new Date(Date.UTC(1940, 0, 1) + ((n * 7919) % 25_550) * 86_400_000);
  const birth = (options.birthDate ?? day.toISOString().slice(0, 10)).replace(/-/g, '');
  const sequence = 100 + (Math.floor(n / 2) % 450) * 2;
  const sexDigit = (options.gender ?? (n % 2 ? 'male' : 'female')) === 'male' ? 1 : 0;
  const body = `110105${birth}${String(sequence).slice(0, 2)}${sexDigit}`;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(body[i]), 0);
  const id = `${body}${CHECK[sum % 11]}`;
  if (!isValidChineseIdNumber(id)) throw new Error(`made an invalid ID ${id}`);
  return id;
}
