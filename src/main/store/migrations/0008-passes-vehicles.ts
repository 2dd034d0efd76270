import type { Migration } from './index';

/** Slot reserved for: signed temporary passes, vehicles, quotas (issue 4). */
const migration: Migration = {
  version: 8,
  name: 'passes-vehicles',
  up: () => {},
};
export default migration;
