import type { Migration } from './index';

/** Slot reserved for: retention, HMAC lookup keys and purge reports (issue 6). */
const migration: Migration = {
  version: 6,
  name: 'privacy',
  up: () => {},
};
export default migration;
