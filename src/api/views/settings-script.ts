import { etaLabel, objectProgress, phaseLabel, progressLabel } from '../presenters/sync-progress';

/**
 * The settings page's live progress: polls the session-authenticated status endpoint every second
 * while a connection syncs and updates bars, counts and the ETA in place, with the very functions
 * the server rendered them with. A change of status re-renders the page (new buttons, messages).
 */
export const settingsScript = (statusUrl: string): string => `
(() => {
  ${objectProgress.toString()}
  ${progressLabel.toString()}
  ${etaLabel.toString()}
  ${phaseLabel.toString()}
  const statusUrl = ${JSON.stringify(statusUrl)};
  // re-render from the server, dropping a one-off notice such as ?notice=connected
  const rerender = () => location.replace(location.pathname);
  const cards = () => Array.from(document.querySelectorAll('[data-connection-id]'));
  const text = (root, selector, value) => { const el = root.querySelector(selector); if (el) el.textContent = value; };

  function update(card, c) {
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
      if (c.sync && !card.querySelector('[data-object]')) return rerender(); // the run has just begun
      update(card, c);
    }
    if (data.some((c) => c.status === 'syncing')) setTimeout(tick, 1000);
  }

  if (cards().some((el) => el.dataset.status === 'syncing')) setTimeout(tick, 1000);
})();
`;
