// Tells a real NHS number from any other ten digits (the modulus 11 check), so redaction removes NHS numbers and leaves other numbers alone.

/** True when `text` is an NHS number: ten digits (spaces or dashes between them allowed) whose last is the modulus 11 check digit. */
export function isNhsNumber(text: string): boolean {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}
