import assert from 'node:assert/strict';
import { paths } from '../../src/api/views/paths';
import { OAUTH_STATE_TTL_SECONDS } from '../../src/db/oauth-state-store';
import { csrfFrom, type TestClient, type TestResponse } from '../support/api/http-client';
import { connectionTo, followBack, throughStripe, untilActive, type StripeAnswer, type TestProject } from './support/connect';
import { useFaultStack } from './support/fault-stack';
import {
  assertRefusalPage, AUTHORIZATION_FLOWS, NOTHING, stateStoreWithClock, stripeFootprint, tokenExchanges, untilAtRest, untilWorkflowsListed,
  type AuthorizationFlow, type Refusal, type StateClock,
} from './support/oauth-abuse';
import { faultScale } from './support/scale';

/** The parts of the state we send Stripe (`<projectId>~<id>.<signature>`), one of which a tamperer changes. */
type StatePart = 'project' | 'id' | 'signature';

/** The state with the first character of one part changed. */
function tamper(state: string, part: StatePart): string {
  const [projectId, signed] = [state.slice(0, state.indexOf('~')), state.slice(state.indexOf('~') + 1)];
  const [id, signature] = [signed.slice(0, signed.lastIndexOf('.')), signed.slice(signed.lastIndexOf('.') + 1)];
  const flip = (s: string) => `${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
  const parts = { project: projectId, id, signature, [part]: flip({ project: projectId, id, signature }[part]) };
  return `${parts.project}~${parts.id}.${parts.signature}`;
}

/**
 * OAuth and install abuse, on the suite's own PostgreSQL, Temporal server and worker, with the
 * emulator playing Stripe's authorize and install pages and its token endpoints. For both ways a
 * browser comes back from Stripe with our state (Connect OAuth, the Stripe App installed from
 * Settings): a tampered, replayed or expired state, one of another project or session, a code used
 * before, Stripe's `access_denied`, a browser with no session. Each must be a clear page with a way
 * back, and leave nothing connected: no connection, no token, no sync run, no workflow, no code
 * exchanged but the reused one. Then the App installed from Stripe, which must ask to sign in and
 * connect only the project chosen.
 */
describe('OAuth and install abuse: refused with a clear page and a way back, nothing connected', function () {
  const scale = faultScale('oauthAbuse');
  this.timeout(scale.timeoutMs);
  const clock: StateClock = { mintedAgoSeconds: 0 };
  const stack = useFaultStack({
    label: 'oauth-abuse', stripeApp: true, config: { stripe: { eventsPollSeconds: 86_400 } },
    apiOverrides: (env) => ({ oauthStates: stateStoreWithClock(env.db, clock) }),
  });
  const tally = { refused: 0, exchangesRefused: 0 };

  const project = (name: string) => stack.api.createProject(name);
  const browserOf = async (p: TestProject) => (await stack.api.signedIn(p.projectId, p.apiKey)).client;
  /** Signs this browser in to the project: a new session, whatever it had. */
  async function signIn(client: TestClient, p: TestProject) {
    const login = await client.get(paths.login(p.projectId));
    assert.equal((await client.post(paths.login(p.projectId), { form: { apiKey: p.apiKey, _csrf: csrfFrom(login.text) } })).status, 303);
  }
  const merchant = async () => (await stack.env.emulator.control<{ id: string }>('/_emulator/accounts', { livemode: false, businessName: 'Merchant' })).id;

  /**
   * A refused callback: `act` sends it and says what the page must be. The projects' Stripe
   * footprint is the same after, and Stripe answered no code exchange but `exchanges`.
   */
  async function expectRefused(projects: TestProject[], act: () => Promise<{ client: TestClient; res: TestResponse; want: Refusal }>, exchanges: number[] = []) {
    const everyConnection = async () => Number((await stack.env.db('stripe_connections').count({ n: '*' }))[0]!.n);
    const footprints = async () => [await everyConnection(), ...(await Promise.all(projects.map((p) => stripeFootprint(stack, p.projectId))))];
    const before = await footprints();
    const since = Date.now();
    const { client, res, want } = await act();
    await assertRefusalPage(client, res, want);
    assert.deepEqual(await tokenExchanges(stack, since), exchanges, 'the code exchanges Stripe answered');
    assert.deepEqual(await footprints(), before, 'no connection, token, sync run or workflow');
    tally.refused++;
    tally.exchangesRefused += exchanges.length;
  }

  const notValid = (says: RegExp, backTo: TestProject): Refusal => ({ status: 400, heading: /^This connection link is not valid/, says, backTo: backTo.projectId });

  for (const flow of AUTHORIZATION_FLOWS) abuseOf(flow);

  function abuseOf(flow: AuthorizationFlow) {
    describe(`through ${flow.name}`, () => {
      const begin = async (client: TestClient, p: TestProject, account: string, answer?: StripeAnswer) =>
        throughStripe(stack, client, flow.start(p.projectId), account, answer);

      /** A connection made as it should be, synced, its workflows listed: what a replay or a reused code must leave alone. */
      async function connected(p: TestProject, client: TestClient): Promise<URL> {
        const account = await merchant();
        const back = await begin(client, p, account);
        const res = await followBack(client, back);
        assert.equal(res.status, 303, res.text.slice(0, 300));
        const connectionId = await connectionTo(stack, p.projectId, account);
        await untilActive(stack, p, connectionId);
        await untilAtRest(stack, connectionId);
        // the account's workflow and its first sync
        await untilWorkflowsListed(stack, p.projectId, 2);
        return back;
      }

      it('a tampered state (one character changed in its project, its id or its signature) is refused', async () => {
        const a = await project('Tampered');
        const client = await browserOf(a);
        for (const part of ['project', 'id', 'signature'] as const) {
          await expectRefused([a], async () => {
            const back = await begin(client, a, await merchant());
            back.searchParams.set('state', tamper(back.searchParams.get('state')!, part));
            return { client, res: await followBack(client, back), want: notValid(/was not issued by this site/, a) };
          });
        }
      });

      it('a replayed callback, whose state a connection used up, is refused and the connection stays as it was', async () => {
        const a = await project('Replayed');
        const client = await browserOf(a);
        const back = await connected(a, client);
        await expectRefused([a], async () => ({ client, res: await followBack(client, back), want: notValid(/already been completed/, a) }));
      });

      it(`an expired state (minted ${OAUTH_STATE_TTL_SECONDS + 1} s ago, its lifetime ${OAUTH_STATE_TTL_SECONDS} s) is refused`, async () => {
        const a = await project('Expired');
        const client = await browserOf(a);
        await expectRefused([a], async () => {
          clock.mintedAgoSeconds = OAUTH_STATE_TTL_SECONDS + 1;
          const back = await begin(client, a, await merchant()).finally(() => { clock.mintedAgoSeconds = 0; });
          return { client, res: await followBack(client, back), want: notValid(/took longer than 10 minutes and has expired/, a) };
        });
      });

      it('a state of another project is refused: B\'s in A\'s browser, and one begun for B before signing in to A', async () => {
        const [a, b] = [await project('Alpha'), await project('Bravo')];
        const [client, bBrowser] = [await browserOf(a), await browserOf(b)];
        await expectRefused([a, b], async () => {
          const back = await begin(bBrowser, b, await merchant());
          return { client, res: await followBack(client, back), want: notValid(/started in another browser session/, a) };
        });
        await expectRefused([a, b], async () => {
          const switching = await browserOf(b);
          const back = await begin(switching, b, await merchant());
          await signIn(switching, a);
          return { client: switching, res: await followBack(switching, back), want: notValid(/started in another browser session/, a) };
        });
      });

      it('a state of another session is refused: another browser of the same project, and the same browser signed in anew', async () => {
        const a = await project('Sessions');
        const client = await browserOf(a);
        await expectRefused([a], async () => {
          const back = await begin(client, a, await merchant());
          const other = await browserOf(a);
          return { client: other, res: await followBack(other, back), want: notValid(/started in another browser session/, a) };
        });
        await expectRefused([a], async () => {
          const back = await begin(client, a, await merchant());
          await signIn(client, a);
          return { client, res: await followBack(client, back), want: notValid(/started in another browser session/, a) };
        });
      });

      it('a code used before, brought back with a fresh valid state of another project, is refused by Stripe and the first connection stays as it was', async () => {
        const [a, attacker] = [await project('First grant'), await project('Attacker')];
        const used = (await connected(a, await browserOf(a))).searchParams.get('code')!;
        const client = await browserOf(attacker);
        await expectRefused([a, attacker], async () => {
          const back = await begin(client, attacker, await merchant());
          back.searchParams.set('code', used);
          const says = new RegExp(`Stripe refused ${flow.refused} \\(InvalidGrantError: Authorization code provided has already been used`);
          return { client, res: await followBack(client, back), want: { status: 422, heading: /^Stripe did not complete the connection/, says, backTo: attacker.projectId } };
        }, [400]);
      });

      it('Stripe\'s error=access_denied (with its error_description) is refused as declined', async () => {
        const a = await project('Declined');
        const client = await browserOf(a);
        await expectRefused([a], async () => {
          const back = await begin(client, a, await merchant(), 'auto-deny');
          assert.equal(back.searchParams.get('error'), 'access_denied');
          assert.ok(back.searchParams.get('error_description'));
          assert.equal(back.searchParams.get('code'), null);
          return { client, res: await followBack(client, back), want: { status: 403, heading: /^Connection declined/, says: /You declined the connection on Stripe/, backTo: a.projectId } };
        });
      });

      it('a callback without any session cookie is refused, and leads to the project\'s sign-in', async () => {
        const a = await project('No session');
        await expectRefused([a], async () => {
          const back = await begin(await browserOf(a), a, await merchant());
          const cookieless = stack.api.client();
          return { client: cookieless, res: await followBack(cookieless, back), want: notValid(/started in another browser session/, a) };
        });
      });
    });
  }

  describe('the Stripe App installed from Stripe (no state: the code waits for a project)', () => {
    /** An install begun on the App's Marketplace listing, approved for `account`: where Stripe sends the browser. */
    async function installFromStripe(account: string, answer: StripeAnswer = 'auto-approve'): Promise<URL> {
      const { emulator } = stack.env;
      await emulator.control('/_emulator/oauth/mode', { mode: answer });
      await emulator.control('/_emulator/oauth/next-account', { account });
      const stripe = await fetch(`${stack.env.config.stripe.appInstallUrl}?client_id=${stack.appClientId}`, { redirect: 'manual' });
      const back = new URL(stripe.headers.get('location') ?? '');
      assert.equal(back.searchParams.get('state'), null, 'Stripe sends no state of ours');
      return back;
    }

    /** Our callback keeps the code for this browser and shows the finish page: nothing is exchanged yet. */
    async function finishPage(client: TestClient, account: string): Promise<{ page: TestResponse; install: string }> {
      const callback = await followBack(client, await installFromStripe(account));
      assert.equal(callback.status, 303, callback.text.slice(0, 300));
      const page = await client.get(callback.location!);
      assert.equal(page.status, 200);
      assert.match(page.text, /<h1>Finish installing the Stripe App<\/h1>/);
      assert.match(page.text, /nothing is connected until you do/);
      return { page, install: /name="install" value="([^"]+)"/.exec(page.text)![1]! };
    }
    const finish = (client: TestClient, page: TestResponse, fields: Record<string, string>) =>
      client.post(paths.appFinish, { form: { _csrf: csrfFrom(page.text), ...fields } });
    /** The project's connections (mode, account), once its one connection's first sync is done. */
    async function connectedOnce(p: TestProject, account: string) {
      const connectionId = await connectionTo(stack, p.projectId, account);
      await untilActive(stack, p, connectionId);
      await untilAtRest(stack, connectionId);
      return (await stack.api.deps.connections.listByProject(p.projectId)).map((c) => [c.mode, c.stripeAccountId]);
    }

    it('in a browser without a session it asks to sign in first, connects nothing until then, then connects that project', async () => {
      const p = await project('Signs in');
      const account = await merchant();
      const since = Date.now();
      const browser = stack.api.client();
      const { page, install } = await finishPage(browser, account);
      assert.doesNotMatch(page.text, /data-app-install-project/, 'no project offered before signing in');
      assert.match(page.text, /data-app-install-sign-in/);

      const unsigned = await finish(browser, page, { install, projectId: p.projectId });
      assert.equal(unsigned.status, 401);
      assert.match(unsigned.text, /Sign in to the project first/);
      assert.deepEqual(await tokenExchanges(stack, since), [], 'the code is not exchanged before a project is chosen');
      assert.deepEqual(await stripeFootprint(stack, p.projectId), NOTHING);
      tally.refused++;

      const res = await finish(browser, page, { install, apiKey: p.apiKey });
      assert.equal(res.status, 303, res.text.slice(0, 300));
      assert.equal(res.location, `${paths.settings(p.projectId)}?notice=connected`);
      assert.deepEqual(await connectedOnce(p, account), [['app', account]]);
      assert.deepEqual(await tokenExchanges(stack, since), [200]);
    });

    it('declined on Stripe, in a browser without a session: a page that says so and tells the way, nothing connected', async () => {
      await expectRefused([], async () => {
        const back = await installFromStripe(await merchant(), 'auto-deny');
        assert.equal(back.searchParams.get('error'), 'access_denied');
        const browser = stack.api.client();
        return { client: browser, res: await followBack(browser, back), want: { status: 403, heading: /^Connection declined/, says: /You declined the connection on Stripe/, backTo: null } };
      });
    });

    it('for a user of two projects, signed in to one, it connects only the project chosen', async () => {
      const [signedInTo, chosen] = [await project('Signed in to'), await project('Chosen')];
      const account = await merchant();
      const browser = await browserOf(signedInTo);
      const { page, install } = await finishPage(browser, account);
      assert.match(page.text, /Connect to Signed in to/, 'the signed-in project is offered');
      assert.match(page.text, /data-app-install-sign-in/, 'and signing in to another');

      const res = await finish(browser, page, { install, apiKey: chosen.apiKey });
      assert.equal(res.status, 303, res.text.slice(0, 300));
      assert.equal(res.location, `${paths.settings(chosen.projectId)}?notice=connected`);
      assert.deepEqual(await connectedOnce(chosen, account), [['app', account]]);
      await untilWorkflowsListed(stack, chosen.projectId, 2);
      assert.deepEqual(await stripeFootprint(stack, signedInTo.projectId), NOTHING, 'the other project has nothing');
    });
  });

  after(() => {
    console.log(`      ${tally.refused} abusive callbacks and finishes refused with a page and a way back (${tally.exchangesRefused} reused codes refused by Stripe): connected 0, tokens stored 0, syncs started 0`);
  });
});
