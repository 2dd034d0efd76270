/**
 * Whether the gate runs on its last good configuration because config.json was broken or missing
 * at start-up (decision 0022), as it crosses the contract. A reason code, a settings field name and
 * a time: no file path (it would show the data folder, often under a person's account name) and no
 * text from the file, so it is a public read: the banner shows before anyone signs in.
 * No Node, no DOM.
 */
import { z } from 'zod';

const IsoTime = z.string().datetime({ offset: true });

/**
 * What was wrong with config.json. missing: not there, though a configuration loaded here before;
 * unreadable: the file system refused it; too_large: over 1 MB; too_deep: nested beyond 32 levels;
 * not_json: not valid JSON; invalid_value: valid JSON with a setting that is wrong or unknown
 * (`field` names it when it is a plain settings path).
 */
export const ConfigFaultReason = z.enum(['missing', 'unreadable', 'too_large', 'too_deep', 'not_json', 'invalid_value']);
export type ConfigFaultReason = z.infer<typeof ConfigFaultReason>;

/**
 * A settings path as the schema names it ("policy.feverThresholdC"). Anything else — a key someone
 * typed with spaces, quotes or CJK text — is left out rather than shown, so nothing typed into the
 * file reaches the screen unchecked.
 */
export const CONFIG_FIELD_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}(\.[A-Za-z0-9_]{1,64}){0,7}$/;

export const ConfigFallback = z
  .object({
    reason: ConfigFaultReason,
    /** The first setting at fault, for invalid_value. */
    field: z.string().max(520).regex(CONFIG_FIELD_PATTERN).optional(),
    /** When the gate started on the last good configuration. */
    since: IsoTime,
  })
  .strict();
export type ConfigFallback = z.infer<typeof ConfigFallback>;

export const ConfigStatus = z.object({
  /** null: config.json loaded as it is (or settings saved since repaired it). */
  fallback: ConfigFallback.nullable(),
});
export type ConfigStatus = z.infer<typeof ConfigStatus>;

export const configContract = {
  'config:status': { input: z.object({}).strict(), output: ConfigStatus },
} as const;

/** A reason code, a setting's name and a time: the kiosk shows the line before anyone signs in. */
export const configPublicMethods = ['config:status'] as const;

/** Pushed when a successful settings save ends the fallback, so every screen drops the line at once. */
export const configEvents = {
  'config:status': ConfigStatus,
} as const;
