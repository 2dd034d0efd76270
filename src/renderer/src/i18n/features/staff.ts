/**
 * staff strings, kept in their own file so features can be worked on side by side. Spread into the
 * zh-CN and en catalogues; the parity test checks both halves have the same keys.
 */
export const staffZhCN = {} as const;

export const staffEn: Record<keyof typeof staffZhCN, string> = {};
