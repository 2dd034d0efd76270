import type { ZodType } from 'zod';

/**
 * The fields a form's input fails on, by top-level name, checked with the same schema the core
 * uses: the guard sees every wrong field at once, before anything is sent or saved.
 */
export function invalidFields(schema: ZodType, input: unknown): Set<string> {
  const r = schema.safeParse(input);
  if (r.success) return new Set();
  return new Set(r.error.issues.map((i) => String(i.path[0] ?? '')));
}

/** The field a core refusal names ("invalid input at idNumber: …"), for the checks only the core can make. */
export function fieldOfError(err: unknown): string | null {
  const m = /invalid input at ([A-Za-z]+)/.exec(err instanceof Error ? err.message : '');
  return m?.[1] ?? null;
}
