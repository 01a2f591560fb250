import { html } from './html';
import { brand, page } from './layout';

export interface MessageProps {
  nonce: string;
  title: string;
  message: string;
  tone: 'bad' | 'ok' | 'info';
  link?: { href: string; label: string };
  footnote?: string;
}

/** A one-card page that explains what happened and where to go next. */
export const messagePage = ({ nonce, title, message, tone, link, footnote }: MessageProps): string =>
  page({
    title,
    nonce,
    body: html`<main><div class="panel center-card" data-message="${tone}">
  <div class="panel-body">
    ${brand}
    <h1>${title}</h1>
    <div class="alert ${tone}"><div class="grow">${message}</div></div>
    ${link ? html`<p style="margin:18px 0 0"><a class="button" href="${link.href}">${link.label}</a></p>` : ''}
    ${footnote ? html`<p class="help">${footnote}</p>` : ''}
  </div>
</div></main>`,
  });
