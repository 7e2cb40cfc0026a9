import { type EventName, type EventPayload, events } from '../../shared/api.ts';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Typed events from the backend to every connected renderer; payloads are validated before they leave. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const data = events[event].parse(payload);
    for (const l of this.listeners) l(event, data);
  }
}
