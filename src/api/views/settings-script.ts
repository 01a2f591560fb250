import { etaLabel, objectProgress, phaseLabel, progressLabel } from '../presenters/sync-progress';
import { ageLabel, formatDateTime } from './format';

/**
 * The settings page's live progress: polls the session-authenticated status endpoint every second
 * while a connection syncs (every five seconds otherwise, for the live-event counts) and updates
 * bars, counts, the ETA and the last event's age in place, with the very functions the server
 * rendered them with. A change of status, or of the number of dead events, re-renders the page
 * (new buttons, messages, the dead events' list).
 */
export const settingsScript = (statusUrl: string): string => `
(() => {
  ${objectProgress.toString()}
  ${progressLabel.toString()}
  ${etaLabel.toString()}
  ${phaseLabel.toString()}
  const ageLabel = ${ageLabel.toString()};
  const formatDateTime = ${formatDateTime.toString()};
  const statusUrl = ${JSON.stringify(statusUrl)};
  // re-render from the server, dropping a one-off notice such as ?notice=connected
  const rerender = () => location.replace(location.pathname);
  const cards = () => Array.from(document.querySelectorAll('[data-connection-id]'));
  const text = (root, selector, value) => { const el = root.querySelector(selector); if (el) el.textContent = value; };

  function updateWebhooks(card, c) {
    const box = card.querySelector('[data-webhooks]');
    if (!box) return;
    for (const stat of box.querySelectorAll('[data-webhook]')) {
      const n = c.webhooks[stat.dataset.webhook];
      text(stat, '[data-n]', n.toLocaleString('en-US'));
      if (stat.dataset.tone) stat.classList.toggle(stat.dataset.tone, n > 0);
    }
    const wrap = box.querySelector('[data-last-event-wrap]');
    if (!wrap || !c.lastEventAt) return;
    const time = document.createElement('time');
    time.dataset.lastEvent = '';
    time.dateTime = c.lastEventAt;
    time.title = formatDateTime(c.lastEventAt);
    time.textContent = ageLabel(Math.max(0, (Date.now() - Date.parse(c.lastEventAt)) / 1000));
    wrap.replaceChildren('Last event ', time);
  }

  function update(card, c) {
    updateWebhooks(card, c);
    card.dataset.phase = c.sync ? c.sync.phase : '';
    if (!c.sync) return;
    for (const box of card.querySelectorAll('[data-object]')) {
      const p = objectProgress(c.sync, box.dataset.object);
      box.classList.toggle('done', p.done);
      box.classList.toggle('unknown', !p.done && p.percent === null);
      box.querySelector('.fill').style.width = (p.percent || 0) + '%';
      box.querySelector('.bar').setAttribute('aria-valuenow', p.percent === null ? '' : String(p.percent));
      text(box, '[data-count]', progressLabel(p));
    }
    text(card, '[data-phase-label]', phaseLabel(c.sync.phase));
    text(card, '[data-eta]', etaLabel(c.sync.etaSeconds));
    const unmatched = c.sync.counts.unmatchedCharges;
    text(card, '[data-unmatched]', unmatched ? ' · ' + unmatched.toLocaleString('en-US') + ' charges without a matching customer' : '');
  }

  async function tick() {
    let res;
    try {
      res = await fetch(statusUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    } catch (e) {
      return setTimeout(tick, 3000);
    }
    if (!res.ok) return res.status === 401 ? rerender() : setTimeout(tick, 3000);
    const { data } = await res.json();
    const shown = cards();
    if (shown.length !== data.length) return rerender();
    for (const c of data) {
      const card = shown.find((el) => el.dataset.connectionId === c.id);
      if (!card || card.dataset.status !== c.status) return rerender();
      const webhooks = card.querySelector('[data-webhooks]');
      if (webhooks && Number(webhooks.dataset.dead) !== c.webhooks.dead) return rerender(); // the dead events' list changed
      if (c.sync && !card.querySelector('[data-object]')) return rerender(); // the run has just begun
      update(card, c);
    }
    setTimeout(tick, data.some((c) => c.status === 'syncing') ? 1000 : 5000);
  }

  if (cards().length) setTimeout(tick, cards().some((el) => el.dataset.status === 'syncing') ? 1000 : 5000);
})();
`;
