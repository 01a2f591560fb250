import { invalidRequest, parameterInvalid, parameterMissing } from '../../errors';
import type { FormObject } from '../../form';
import { newId, newSecret } from '../../ids';
import type { WebhookEndpointRecord } from '../../records/webhook-endpoint';
import { KINDS } from '../../render/kinds';
import { renderWebhookEndpoint } from '../../render/webhook-endpoint';
import { listRoute, retrieveRoute } from '../generic-routes';
import { findRecord } from '../lookup';
import { allowOnly, applyMetadata, emptyableString, optionalBoolean, optionalString, optionalStringList, requiredString } from '../params';
import { jsonReply, objectReply } from '../reply';
import type { ApiRoute } from '../request';

const kind = KINDS.webhookEndpoint;
const MAX_ENDPOINTS = 16;

function readUrl(input: FormObject, required: boolean): string | undefined {
  const url = required ? requiredString(input, 'url') : optionalString(input, 'url');
  if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) throw parameterInvalid('url', 'Invalid URL: must be a valid URL');
  return url;
}

function readEnabledEvents(input: FormObject, required: boolean): string[] | undefined {
  const events = optionalStringList(input, 'enabled_events');
  if (events === undefined && !required) return undefined;
  if (!events?.length) throw parameterMissing('enabled_events');
  events.forEach((event, i) => {
    if (!/^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/.test(event)) {
      throw parameterInvalid(`enabled_events[${i}]`, `Invalid enabled_events[${i}]: must be a valid event type`);
    }
  });
  return events;
}

export const webhookEndpointRoutes: ApiRoute[] = [
  listRoute(kind, 'webhook_endpoint_read', []),
  retrieveRoute(kind, 'webhook_endpoint_read'),
  {
    method: 'POST',
    pattern: '/v1/webhook_endpoints',
    permission: 'webhook_endpoint_write',
    handle: ({ core, account, input }) => {
      allowOnly(input, ['url', 'enabled_events', 'api_version', 'connect', 'description', 'metadata', 'expand']);
      if (account.webhookEndpoints.size >= MAX_ENDPOINTS) {
        throw invalidRequest(`You have reached the maximum of ${MAX_ENDPOINTS} ${account.livemode ? 'live' : 'test'} webhook endpoints.`);
      }
      const record: WebhookEndpointRecord = {
        id: newId('we'),
        created: core.state.clock.now(),
        seq: core.state.nextSeq(),
        url: readUrl(input, true)!,
        enabledEvents: readEnabledEvents(input, true)!,
        apiVersion: optionalString(input, 'api_version') ?? null,
        description: emptyableString(input, 'description') ?? null,
        metadata: applyMetadata(input) ?? {},
        disabled: false,
        connect: optionalBoolean(input, 'connect') ?? false,
        secret: newSecret('whsec_'),
      };
      account.webhookEndpoints.add(record);
      core.state.changed();
      // The secret is shown once, on creation, as on Stripe.
      return jsonReply({ ...renderWebhookEndpoint(record, account), secret: record.secret });
    },
  },
  {
    method: 'POST',
    pattern: '/v1/webhook_endpoints/:id',
    permission: 'webhook_endpoint_write',
    handle: ({ core, account, input, params }) => {
      allowOnly(input, ['url', 'enabled_events', 'description', 'disabled', 'metadata', 'expand']);
      const record = findRecord(kind, account, params.id!);
      record.url = readUrl(input, false) ?? record.url;
      record.enabledEvents = readEnabledEvents(input, false) ?? record.enabledEvents;
      record.description = emptyableString(input, 'description') ?? record.description;
      record.disabled = optionalBoolean(input, 'disabled') ?? record.disabled;
      record.metadata = applyMetadata(input, record.metadata) ?? record.metadata;
      core.state.touch(record);
      return objectReply(core.state, kind, record, account, []);
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/webhook_endpoints/:id',
    permission: 'webhook_endpoint_write',
    handle: ({ core, account, params }) => {
      const record = findRecord(kind, account, params.id!);
      account.webhookEndpoints.remove(record);
      core.state.touch(record);
      return jsonReply({ id: record.id, object: 'webhook_endpoint', deleted: true });
    },
  },
];
