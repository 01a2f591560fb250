import type { Project } from '../../domain/project';
import { buttonForm } from './forms';
import { html, raw, type SafeHtml } from './html';
import { paths } from './paths';
import { STYLES } from './styles';

export interface PageProps {
  title: string;
  nonce: string;
  body: SafeHtml;
  /** a script run on load (it gets this response's CSP nonce) */
  script?: string;
}

export interface ProjectPageProps extends PageProps {
  project: Project;
  csrf: string;
  active: 'customers' | 'integrations' | 'automations';
}

/** The product's mark, above the card of a page without navigation. */
export const brand = html`<div class="brand" style="color:var(--ink);margin-bottom:18px"><span class="brand-mark">E</span>Engage</div>`;

/** A page without navigation (sign-in, messages). */
export function page({ title, nonce, body, script }: PageProps): string {
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Engage</title>
<style>${raw(STYLES)}</style>
</head>
<body>
${body}
${script ? html`<script nonce="${nonce}">${raw(script)}</script>` : ''}
</body>
</html>`.value}`;
}

/** A page of a signed-in project: top bar with navigation and sign-out. */
export function projectPage(props: ProjectPageProps): string {
  const { project, csrf, active, body } = props;
  const tab = (key: ProjectPageProps['active'], href: string, label: string) =>
    html`<a href="${href}" class="${key === active ? 'active' : ''}">${label}</a>`;
  return page({
    ...props,
    body: html`<header class="topbar"><div class="topbar-inner">
  <div class="brand"><span class="brand-mark">E</span>Engage</div>
  <nav class="nav">
    ${tab('customers', paths.customers(project.id), 'Customers')}
    ${tab('integrations', paths.settings(project.id), 'Integrations')}
    ${tab('automations', paths.automations(project.id), 'Automations')}
  </nav>
  <div class="project">Project <strong>${project.name}</strong>
    ${buttonForm(paths.logout(project.id), csrf, 'Sign out', 'link-button')}
  </div>
</div></header>
<main>${body}</main>`,
  });
}
