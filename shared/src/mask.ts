/** 13812345678 → 138****5678; +8613812345678 → +86138****5678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, Math.max(0, digits.length - 8))}****${digits.slice(-4)}`;
}

/** 110101199003071234 → 1101**********1234 (first 4 and last 4 kept). */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 8) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`;
}

/** 张三丰 → 张*丰, 李四 → 李*, Alice Wong → A*** W***. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (/^[\p{Script=Han}·]+$/u.test(name.trim())) {
    if (chars.length <= 1) return name;
    if (chars.length === 2) return `${chars[0]}*`;
    return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
  }
  return name
    .trim()
    .split(/\s+/)
    .map((word) => (word.length <= 1 ? word : `${word[0]}${'*'.repeat(word.length - 1)}`))
    .join(' ');
}
