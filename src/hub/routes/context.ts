import type { Auth } from '../auth';
import type { HubDb } from '../db';
import type { PostProcessor } from '../store/post';

/** What every route module gets from buildHub. */
export type HubContext = {
  db: HubDb;
  auth: Auth;
  now: () => Date;
  /** The address gates use, for enrolment QR codes; when unset, taken from the request. */
  publicUrl?: string;
  log: (msg: string) => void;
  /** Presence and reviews, derived from the passage log after pushes commit. */
  post: PostProcessor;
};
