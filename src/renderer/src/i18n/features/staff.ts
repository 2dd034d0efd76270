/**
 * staff strings, kept in their own file so features can be worked on side by side. Spread into the
 * zh-CN and en catalogues; the parity test checks both halves have the same keys.
 */
export const staffZhCN = {
  'error.not_signed_in': '请先登录：需要当班人员',
} as const;

export const staffEn: Record<keyof typeof staffZhCN, string> = {
  'error.not_signed_in': 'Sign in first: this needs a staff member on duty',
};
