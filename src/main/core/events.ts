import type { EventName, EventPayload } from '../../shared/contract';

export type EventListener = (event: EventName, payload: unknown) => void;

/** The core's push channel; each transport subscribes once and forwards every event. */
export class GateEvents {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // One broken transport (a closed socket) must not stop the others or the check.
      }
    }
  }
}
