import type { HouseholdRef } from '../../../shared/contract';

/** building-unit-room; a compound without units would otherwise read "3--502". */
export function householdLabel(h: Pick<HouseholdRef, 'building' | 'unit' | 'room'>): string {
  return [h.building, h.unit, h.room].filter((part) => part.trim() !== '').join('-');
}
