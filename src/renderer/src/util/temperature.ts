/** The contract's accepted range; whether a value is plausible is the core's decision. */
export const MIN_C = -50;
export const MAX_C = 150;

/** Staff may type a comma as the decimal mark; anything unparseable or out of range is null. */
export function parseCelsius(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed.replace(',', '.'));
  if (!Number.isFinite(value) || value < MIN_C || value > MAX_C) return null;
  return value;
}
