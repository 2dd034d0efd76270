/**
 * A code that matches no pass is logged (and pushed to the hub) as evidence of the attempt, but a
 * guard who types a phone number, or a reader that picks up an ID card, must not leave that number
 * in full in the entry log. Only the shape is tested, not the ID check character: a mistyped ID
 * number is still mostly someone's ID number. Separators a person types ("139 0000 1234") are
 * ignored for the test; the masked value keeps the same last 4 as everywhere else.
 */
import { maskIdNumber, maskPhone } from '../roster/idNumber';

const ID_SHAPE = /^\d{17}[\dX]$/;
const PHONE_SHAPE = /^1\d{10}$/;

export function looksLikePersonalNumber(code: string): 'id_number' | 'phone' | null {
  const c = code.replace(/[\s-]/g, '').toUpperCase();
  if (ID_SHAPE.test(c)) return 'id_number';
  if (PHONE_SHAPE.test(c)) return 'phone';
  return null;
}

/** The form an unmatched code is stored in: masked if it looks like an ID number or a phone, else as scanned. */
export function storableUnknownCredential(code: string): string {
  const c = code.replace(/[\s-]/g, '').toUpperCase();
  switch (looksLikePersonalNumber(c)) {
    case 'id_number':
      return maskIdNumber(c);
    case 'phone':
      return maskPhone(c);
    default:
      return code;
  }
}
