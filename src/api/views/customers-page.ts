import type { Project } from '../../domain/project';
import type { CustomerView } from '../presenters/customer';
import { html, type SafeHtml } from './html';
import { projectPage } from './layout';
import { paths } from './paths';

export interface CustomersPageProps {
  nonce: string;
  csrf: string;
  project: Project;
  customers: CustomerView[];
  nextCursor: string | null;
  segments: { key: string; name: string; count: number }[];
  segment?: string;
  email?: string;
}

const listUrl = (projectId: string, q: Record<string, string | undefined>) => {
  const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => Boolean(e[1])));
  const s = params.toString();
  return `${paths.customers(projectId)}${s ? `?${s}` : ''}`;
};

function row(projectId: string, c: CustomerView): SafeHtml {
  const t = c.traits;
  const active = t['stripe.active_subscription'] === true;
  return html`<tr data-customer-id="${c.id}">
  <td><a href="${paths.customer(projectId, c.id)}">${c.email ?? html`<span class="meta">no email</span>`}</a></td>
  <td>${t['stripe.name'] ?? ''}</td>
  <td>${t['stripe.customer_id'] ? html`<span class="mono">${t['stripe.customer_id']}</span>` : html`<span class="meta">—</span>`}</td>
  <td>${active ? html`<span class="badge active">Active subscription</span>` : ''}</td>
</tr>`;
}

/** Customers, filtered by segment or email, a page at a time. */
export function customersPage(p: CustomersPageProps): string {
  const pid = p.project.id;
  const tab = (key: string | undefined, name: string, count?: number) =>
    html`<a class="tab ${p.segment === key ? 'active' : ''}" href="${listUrl(pid, { segment: key })}">${name}${count === undefined ? '' : html`<span class="n">${count.toLocaleString('en-US')}</span>`}</a>`;
  return projectPage({
    title: 'Customers',
    nonce: p.nonce,
    csrf: p.csrf,
    project: p.project,
    active: 'customers',
    body: html`<div class="page-head"><h1>Customers</h1><p class="sub">Profiles from Stripe and from your own identify calls.</p></div>
<div class="tabs">${tab(undefined, 'All customers')}${p.segments.map((s) => tab(s.key, s.name, s.count))}</div>
<section class="panel">
  <div class="panel-head"><form method="get" action="${paths.customers(pid)}" class="row grow" style="flex:1">
    ${p.segment ? html`<input type="hidden" name="segment" value="${p.segment}">` : ''}
    <div class="grow"><input type="search" name="email" value="${p.email ?? ''}" placeholder="Find by email" aria-label="Email"></div>
    <button class="button secondary" type="submit">Search</button></form></div>
  ${p.customers.length
    ? html`<table><thead><tr><th>Email</th><th>Name</th><th>Stripe customer</th><th></th></tr></thead>
      <tbody>${p.customers.map((c) => row(pid, c))}</tbody></table>`
    : html`<div class="empty">No customers here yet.</div>`}
  ${p.nextCursor ? html`<div class="pager"><a class="button secondary" href="${listUrl(pid, { segment: p.segment, email: p.email, cursor: p.nextCursor })}">Next page →</a></div>` : ''}
</section>`,
  });
}
