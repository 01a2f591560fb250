import { resourceMissing } from '../../errors';
import { renderAccount } from '../../render/account';
import { allowOnly } from '../params';
import { jsonReply } from '../reply';
import type { ApiRoute } from '../request';

export const accountRoutes: ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/v1/account',
    // Any valid key of the account may read it (the integration checks its key this way).
    permission: null,
    handle: ({ account, input }) => {
      allowOnly(input, ['expand']);
      return jsonReply(renderAccount(account));
    },
  },
  {
    method: 'GET',
    pattern: '/v1/accounts/:id',
    permission: 'account_read',
    // The account itself, or for a platform one of its connected accounts.
    handle: ({ core, account, key, input, params }) => {
      allowOnly(input, ['expand']);
      const reachable = params.id === account.id || core.state.platforms.get(account.id)?.connected.has(params.id!);
      const target = reachable ? core.state.account(params.id!, key.livemode) : undefined;
      if (!target) throw resourceMissing('account', params.id!);
      return jsonReply(renderAccount(target));
    },
  },
];
