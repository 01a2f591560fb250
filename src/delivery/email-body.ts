/**
 * The HTML part of an automation's email, made from its rendered plain text: every character is
 * escaped, so neither a template nor a trait or Stripe value can add markup, links or scripts; only
 * the unsubscribe link is ours.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export function emailHtml(text: string, unsubscribeUrl?: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`).join('\n');
  const footer = unsubscribeUrl
    ? `\n<p style="color:#666;font-size:12px"><a href="${escape(unsubscribeUrl)}">Unsubscribe</a> from these emails.</p>`
    : '';
  return `<!doctype html>\n<html><body>\n${paragraphs}${footer}\n</body></html>`;
}

export const emailText = (text: string, unsubscribeUrl?: string): string =>
  unsubscribeUrl ? `${text}\n\n--\nUnsubscribe: ${unsubscribeUrl}` : text;
