import type Stripe from 'stripe';
import { API_VERSION } from '../api-version';
import { newId } from '../ids';
import type { EventRecord } from '../records/event';
import { endpointWants } from '../records/webhook-endpoint';
import { renderEvent, webhookBody } from '../render/event';
import type { AccountState } from '../store/account';
import type { EmulatorState } from '../store/state';
import type { DeliveryTarget, WebhookDeliveries } from '../webhooks/delivery';

/** What caused an event: an API request (its id and idempotency key), or nothing (automatic). */
export interface EventOrigin {
  requestId: string | null;
  idempotencyKey: string | null;
}

export const AUTOMATIC: EventOrigin = { requestId: null, idempotencyKey: null };

export interface EmitOptions {
  previous?: object;
  origin?: EventOrigin;
  /** When it happened (virtual seconds); defaults to now. Scheduled events pass their due time. */
  created?: number;
  /**
   * Who hears it. Defaults to the account's own endpoints plus the Connect endpoints of every
   * platform it is connected to and every installed App's owner; `account.application.*` events
   * go to one platform (or App owner) only.
   */
  audience?: { ownEndpoints: boolean; platforms: Listener[] };
}

/** An account whose Connect endpoints hear another account's events (a platform, an App's owner). */
type Listener = { accountId: string };

/** Creates events: stores them in the account's event list and hands them to webhook delivery. */
export class EventBus {
  private readonly recorders: string[][] = [];

  constructor(
    private readonly state: EmulatorState,
    private readonly deliveries: WebhookDeliveries,
  ) {}

  emit(account: AccountState, type: Stripe.Event.Type, object: object, options: EmitOptions = {}): EventRecord {
    const origin = options.origin ?? AUTOMATIC;
    const platforms = options.audience?.platforms ?? this.state.connectListenersOf(account.id);
    const targets = this.targets(account, type, options.audience?.ownEndpoints ?? true, platforms);
    const id = newId('evt');
    const created = options.created ?? this.state.clock.now();
    const record: EventRecord = {
      id,
      created,
      seq: this.state.nextSeq(),
      type,
      undelivered: targets.length,
      payload: {
        id,
        object: 'event',
        // Only events of connected accounts name their account, as Stripe's Connect events do.
        ...(platforms.length > 0 ? { account: account.id } : {}),
        api_version: API_VERSION,
        created,
        data: options.previous ? { object, previous_attributes: options.previous } : { object },
        livemode: account.livemode,
        pending_webhooks: targets.length,
        request: { id: origin.requestId, idempotency_key: origin.idempotencyKey },
        type,
      },
    };
    account.events.add(record);
    for (const recorder of this.recorders) recorder.push(id);
    this.state.changed();
    const pinned = this.state.json.get(record.id, () => renderEvent(record));
    const addressed = targets.map((target) => ({ target, body: webhookBody(record, target.endpoint.apiVersion, pinned) }));
    this.deliveries.enqueue(record, account.id, addressed);
    return record;
  }

  /** Runs `action` and returns, with its result, the ids of the events it emitted. */
  recording<T>(action: () => T): { result: T; events: string[] } {
    const events: string[] = [];
    this.recorders.push(events);
    try {
      return { result: action(), events };
    } finally {
      this.recorders.splice(this.recorders.indexOf(events), 1);
    }
  }

  private targets(account: AccountState, type: string, ownEndpoints: boolean, platforms: Listener[]): DeliveryTarget[] {
    const own = ownEndpoints
      ? [...account.webhookEndpoints.values()]
          .filter((e) => !e.connect && endpointWants(e, type))
          .map((endpoint) => ({ endpoint, owner: account }))
      : [];
    const connect = platforms.flatMap((platform) => {
      // A platform's Connect endpoints of the event's mode hear it.
      const platformAccount = this.state.account(platform.accountId, account.livemode);
      return [...(platformAccount?.webhookEndpoints.values() ?? [])]
        .filter((e) => e.connect && endpointWants(e, type))
        .map((endpoint) => ({ endpoint, owner: platformAccount! }));
    });
    return [...own, ...connect];
  }
}
