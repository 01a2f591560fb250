import { DAY } from '../../clock';
import { resourceMissing } from '../../errors';
import type { EventRecord } from '../../records/event';
import { KINDS } from '../../render/kinds';
import { LIST_PARAMS, listPage } from '../list';
import { findRecord } from '../lookup';
import { allowOnly, optionalBoolean, optionalString, optionalStringList, readCreated, readExpand } from '../params';
import { listReply, objectReply } from '../reply';
import type { ApiRoute } from '../request';

/** Stripe keeps events retrievable for 30 days (of the virtual clock here). */
const RETENTION = 30 * DAY;

/** `type` and `types[]` take exact names or `group.*` wildcards. */
const typeMatcher = (pattern: string) => (type: string) =>
  pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;

export const eventRoutes: ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/v1/events',
    permission: 'event_read',
    handle: ({ core, account, input }) => {
      allowOnly(input, [...LIST_PARAMS, 'created', 'type', 'types', 'delivery_success']);
      const oldest = core.state.clock.now() - RETENTION;
      const created = readCreated(input) ?? {};
      // The retention window narrows the created filter, so older events never show up.
      const windowed = { ...created, gte: Math.max(created.gte ?? oldest, oldest) };
      const patterns = [optionalString(input, 'type'), ...(optionalStringList(input, 'types') ?? [])].filter((p): p is string => !!p);
      const matchers = patterns.map(typeMatcher);
      const delivered = optionalBoolean(input, 'delivery_success');
      const page = listPage(
        KINDS.event,
        account,
        input,
        (e: EventRecord) =>
          (matchers.length === 0 || matchers.some((m) => m(e.type))) &&
          (delivered === undefined || (e.undelivered === 0) === delivered),
        windowed,
      );
      return listReply(core.state, KINDS.event, page, account, readExpand(input));
    },
  },
  {
    method: 'GET',
    pattern: '/v1/events/:id',
    permission: 'event_read',
    handle: ({ core, account, input, params }) => {
      allowOnly(input, ['expand']);
      const record = findRecord(KINDS.event, account, params.id!);
      if (record.created < core.state.clock.now() - RETENTION) throw resourceMissing('event', record.id);
      return objectReply(core.state, KINDS.event, record, account, readExpand(input));
    },
  },
];

