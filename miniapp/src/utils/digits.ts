/** Digits in groups of three for reading aloud: "482913" → "482 913" (a longer number keeps grouping from the left). */
export function groupDigits(digits: string): string {
  return digits.replace(/(\d{3})(?=\d)/g, '$1 ');
}

/** The digits one by one for a screen reader: "4 8 2 9 1 3". */
export function spellDigits(digits: string): string {
  return digits.split('').join(' ');
}
