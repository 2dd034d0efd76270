/**
 * Masking for exports. Roster fields (phone, ID number, name) are masked unless the caller passes
 * `unmasked: true` (a later issue puts that behind dual control). The entry log stores names
 * already masked, but its credential column holds whatever was scanned: a compound that uses ID
 * cards or phone numbers as passes would otherwise leak them in full, so such credentials are
 * masked too.
 */
import { isValidIdNumber, maskIdNumber, maskName, maskPhone } from '../roster/idNumber';

/** Mainland mobile numbers: 11 digits starting 13–19. */
const MOBILE = /^1[3-9]\d{9}$/;

export type MaskOptions = { unmasked?: boolean };

export function maskCredential(credential: string, opts: MaskOptions = {}): string {
  if (opts.unmasked) return credential;
  // Length first: this runs once per exported row and almost every pass number fails it.
  if (credential.length === 18 && isValidIdNumber(credential)) return maskIdNumber(credential);
  if (credential.length === 11 && MOBILE.test(credential)) return maskPhone(credential);
  return credential;
}

export function exportIdNumber(id: string, opts: MaskOptions = {}): string {
  return opts.unmasked || !id ? id : maskIdNumber(id);
}

export function exportPhone(phone: string, opts: MaskOptions = {}): string {
  return opts.unmasked || !phone ? phone : maskPhone(phone);
}

export function exportName(name: string, opts: MaskOptions = {}): string {
  return opts.unmasked || !name ? name : maskName(name);
}
