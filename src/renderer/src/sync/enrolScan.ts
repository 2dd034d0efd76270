/**
 * A committee enrolment QR read by the gate's scanner or webcam. Scans go to the guard screen
 * wherever the focus is, and this code must never become a check (it would be logged as an unknown
 * pass): the guard screen hands it here, and the settings screen's sync section takes it into its
 * enrolment box, now if it is mounted or when it next mounts.
 */
const PREFIX = 'gatehouse://enrol?';

type Listener = (qr: string) => void;
let listener: Listener | null = null;
let pending: string | null = null;

export function isEnrolmentQr(code: string): boolean {
  return code.startsWith(PREFIX);
}

/** Called by the scan path; the settings section receives the text. */
export function offerEnrolmentQr(qr: string): void {
  if (listener) listener(qr);
  else pending = qr;
}

/** The settings section listens while mounted; a scan made before it mounted is delivered at once. */
export function listenForEnrolmentQr(l: Listener): () => void {
  listener = l;
  if (pending !== null) {
    const qr = pending;
    pending = null;
    l(qr);
  }
  return () => {
    if (listener === l) listener = null;
  };
}
