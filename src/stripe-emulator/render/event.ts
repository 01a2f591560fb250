import type { EventPayload, EventRecord } from '../records/event';

export const renderEvent = (e: EventRecord): EventPayload => e.payload;
