import type { Migration } from './index';

/** Slot reserved for: visitors, parcels, returnees and home observation (issue 4). */
const migration: Migration = {
  version: 7,
  name: 'gate-flows',
  up: () => {},
};
export default migration;
