import { renderAccount } from '../../models/account';
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
];
