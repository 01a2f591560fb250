import type { EventBus } from './events/bus';
import type { EmulatorState } from './store/state';

/** What operations on Stripe objects need: the data, and the way to announce changes. */
export interface EmulatorCore {
  state: EmulatorState;
  events: EventBus;
}
