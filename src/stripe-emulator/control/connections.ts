import { ControlError } from '../errors';
import { disconnect } from '../oauth/connect';
import type { Platform } from '../store/state';
import type { EmulatorServices } from '../services';
import { accountOrFail } from './accounts';
import { optionalText } from './input';
import type { ControlRoute } from './router';

/** The platform named by account id or client id, else the only one the account is connected to. */
function platformOf(services: EmulatorServices, accountId: string, named: string | undefined): Platform {
  const { state } = services;
  const connected = state.platformsConnectedTo(accountId);
  if (named) {
    const platform = state.platforms.get(named) ?? state.platformByClientId(named);
    if (!platform) throw new ControlError(404, `No such platform: '${named}'`);
    if (!connected.includes(platform)) throw new ControlError(400, `The account ${accountId} is not connected to ${platform.accountId}.`);
    return platform;
  }
  if (connected.length !== 1) {
    throw new ControlError(400, connected.length
      ? `The account ${accountId} is connected to ${connected.length} platforms; name one with "platform".`
      : `The account ${accountId} is not connected to any platform.`);
  }
  return connected[0]!;
}

export const connectionRoutes: ControlRoute[] = [
  {
    // What the account's owner does in the Dashboard (Settings → Connected apps → Disconnect): the
    // platform hears it only through `account.application.deauthorized`.
    method: 'POST',
    pattern: '/_emulator/accounts/:id/deauthorize',
    handle: ({ services, params, body }) => {
      const account = accountOrFail(services, params.id!);
      const platform = platformOf(services, account.id, optionalText(body, 'platform'));
      const { events } = services.core.events.recording(() => disconnect(services, platform, account));
      return { account: account.id, platform: platform.accountId, events };
    },
  },
];
