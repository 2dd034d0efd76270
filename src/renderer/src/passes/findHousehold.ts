import type { GateClient } from '../../../shared/contract';

/** The household at building + room (the roster's own search), or null when nobody lives there. */
export async function findHousehold(client: GateClient, building: string, room: string): Promise<{ id: string; label: string } | null> {
  if (!building.trim() || !room.trim()) return null;
  const residents = await client.call('roster:search', { building: building.trim(), room: room.trim() });
  const h = residents[0]?.household;
  return h ? { id: h.id, label: [h.building, h.unit, h.room].filter(Boolean).join('-') } : null;
}
