import type { Approval } from '../../src/shared/staff';

/** The demo staff's PINs by id and by card (src/main/staff/demoStaff.ts). */
export const DEMO_PINS: Record<string, string> = {
  'demo-guard': '1111',
  'demo-volunteer': '2222',
  'demo-manager': '3333',
  'demo-admin': '4444',
  'GS-DEMO-0001': '1111',
  'GS-DEMO-0002': '2222',
  'GS-DEMO-0003': '3333',
  'GS-DEMO-0004': '4444',
};

/**
 * A dual-control approval: `requester` (on duty) and `approver` each with their own demo PIN unless
 * a PIN is given. `approver` may be a staff card code (GS-…).
 */
export function approval(
  requester: string,
  approver: string,
  pins: { requester?: string; approver?: string } = {},
): Approval {
  const approverPin = pins.approver ?? DEMO_PINS[approver] ?? '0000';
  return {
    requester: { staffId: requester, pin: pins.requester ?? DEMO_PINS[requester] ?? '0000' },
    approver: approver.startsWith('GS-')
      ? { card: approver, pin: approverPin }
      : { staffId: approver, pin: approverPin },
  };
}
