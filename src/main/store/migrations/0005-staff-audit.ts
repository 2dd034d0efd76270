import type { Migration } from './index';

/** Slot reserved for: staff, shifts, dual control and the hash-chained audit trail (issue 6). */
const migration: Migration = {
  version: 5,
  name: 'staff-audit',
  up: () => {},
};
export default migration;
