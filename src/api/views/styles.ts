/** The pages' one stylesheet, inlined (no frontend build). */
export const STYLES = `
:root {
  --bg: #f6f7fb; --panel: #ffffff; --ink: #1a1f36; --muted: #697386; --line: #e3e8ee;
  --accent: #4f46e5; --accent-ink: #ffffff; --stripe: #635bff; --ok: #0e9f6e; --ok-bg: #def7ec;
  --warn: #b45309; --warn-bg: #fef3c7; --bad: #c81e1e; --bad-bg: #fde8e8; --info-bg: #e0e7ff;
  --radius: 10px; --shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.08);
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
a { color: var(--accent); text-decoration: none; } a:hover { text-decoration: underline; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.topbar { background: #0f172a; color: #e2e8f0; }
.topbar-inner { max-width: 1080px; margin: 0 auto; padding: 0 24px; height: 56px; display: flex; align-items: center; gap: 28px; }
.brand { display: flex; align-items: center; gap: 10px; font-weight: 650; color: #fff; letter-spacing: .2px; }
.brand-mark { width: 26px; height: 26px; border-radius: 7px; background: linear-gradient(135deg, #818cf8, #4f46e5); display: grid; place-items: center; font-size: 14px; color: #fff; }
.nav { display: flex; gap: 4px; flex: 1; }
.nav a { color: #cbd5e1; padding: 6px 12px; border-radius: 6px; }
.nav a:hover { background: rgba(255,255,255,.08); text-decoration: none; color: #fff; }
.nav a.active { background: rgba(255,255,255,.12); color: #fff; }
.project { color: #94a3b8; font-size: 13px; display: flex; align-items: center; gap: 12px; }
.project strong { color: #e2e8f0; font-weight: 600; }
.link-button { background: none; border: 0; color: #cbd5e1; cursor: pointer; font: inherit; padding: 4px 8px; border-radius: 6px; }
.link-button:hover { background: rgba(255,255,255,.08); color: #fff; }
main { max-width: 1080px; margin: 0 auto; padding: 32px 24px 64px; }
.page-head { margin-bottom: 24px; }
.crumbs { color: var(--muted); font-size: 13px; margin-bottom: 4px; }
h1 { font-size: 24px; margin: 0; font-weight: 650; letter-spacing: -.2px; }
h2 { font-size: 16px; margin: 0; font-weight: 620; }
h3 { font-size: 14px; margin: 0; font-weight: 620; }
.sub { color: var(--muted); margin: 4px 0 0; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); margin-bottom: 20px; }
.panel-head { display: flex; align-items: center; gap: 14px; padding: 20px 24px; border-bottom: 1px solid var(--line); }
.panel-head .grow { flex: 1; }
.panel-body { padding: 20px 24px; }
.stripe-logo { width: 40px; height: 40px; border-radius: 9px; background: var(--stripe); color: #fff; display: grid; place-items: center; font-weight: 800; font-size: 22px; font-family: Georgia, serif; }
.button { display: inline-flex; align-items: center; gap: 8px; border: 1px solid transparent; border-radius: 7px; padding: 8px 14px; font: inherit; font-weight: 560; cursor: pointer; background: var(--accent); color: var(--accent-ink); }
.button:hover { filter: brightness(1.07); text-decoration: none; }
.button.stripe { background: var(--stripe); }
.button.secondary { background: #fff; color: var(--ink); border-color: #d0d5dd; }
.button.danger { background: var(--bad); }
.button[aria-disabled="true"] { opacity: .45; pointer-events: none; }
.badge { display: inline-flex; align-items: center; gap: 6px; border-radius: 999px; padding: 2px 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge::before { content: ""; width: 6px; height: 6px; border-radius: 50%; background: currentColor; }
.badge.plain::before { display: none; }
.badge.active { color: var(--ok); background: var(--ok-bg); }
.badge.syncing { color: var(--accent); background: var(--info-bg); }
.badge.error, .badge.needs_reconnect { color: var(--bad); background: var(--bad-bg); }
.badge.disconnected { color: var(--muted); background: #eef0f4; }
.badge.test { color: var(--warn); background: var(--warn-bg); }
.badge.live { color: #0f5132; background: #d1fae5; }
.connection { padding: 20px 24px; border-top: 1px solid var(--line); }
.connection:first-child { border-top: 0; }
.connection-head { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.connection-head .name { font-weight: 620; font-size: 15px; }
.connection-head .grow { flex: 1; }
.meta { color: var(--muted); font-size: 13px; margin-top: 2px; }
.progress-grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; margin-top: 16px; }
.object { background: #fafbfc; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.object-head { display: flex; justify-content: space-between; font-size: 13px; }
.object-head .label { font-weight: 600; }
.object-head .count { color: var(--muted); font-variant-numeric: tabular-nums; }
.bar { height: 8px; background: #e9ecf2; border-radius: 999px; overflow: hidden; margin-top: 8px; }
.bar .fill { height: 100%; width: 0; background: var(--accent); border-radius: 999px; transition: width .6s ease; }
.object.done .fill { background: var(--ok); }
.object.unknown .fill { width: 35% !important; animation: slide 1.4s ease-in-out infinite; }
@keyframes slide { 0% { margin-left: -35%; } 100% { margin-left: 100%; } }
.sync-foot { display: flex; justify-content: space-between; align-items: center; margin-top: 12px; color: var(--muted); font-size: 13px; }
.alert { border-radius: 8px; padding: 12px 14px; margin-top: 14px; font-size: 13.5px; display: flex; gap: 12px; align-items: flex-start; }
.alert.bad { background: var(--bad-bg); color: #7f1d1d; }
.alert.ok { background: var(--ok-bg); color: #03543f; }
.alert.info { background: var(--info-bg); color: #312e81; }
.alert .grow { flex: 1; }
.notice { margin-bottom: 20px; }
.empty { color: var(--muted); padding: 28px 24px; text-align: center; }
form.inline { display: inline; }
label { display: block; font-weight: 600; margin-bottom: 6px; }
.field { margin-bottom: 14px; }
.help { color: var(--muted); font-size: 13px; margin-top: 6px; }
input[type=text], input[type=password], input[type=search] { width: 100%; padding: 9px 12px; border: 1px solid #d0d5dd; border-radius: 7px; font: inherit; background: #fff; }
input:focus { outline: 2px solid #c7d2fe; border-color: var(--accent); }
.row { display: flex; gap: 10px; align-items: flex-start; }
.row .grow { flex: 1; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: .4px; color: var(--muted); font-weight: 600; padding: 10px 24px; border-bottom: 1px solid var(--line); background: #fafbfc; }
td { padding: 11px 24px; border-bottom: 1px solid var(--line); vertical-align: top; }
tr:last-child td { border-bottom: 0; }
tbody tr:hover { background: #fafbff; }
.tabs { display: flex; gap: 6px; margin-bottom: 16px; flex-wrap: wrap; }
.tab { padding: 6px 12px; border-radius: 999px; border: 1px solid var(--line); background: #fff; color: var(--ink); font-size: 13px; }
.tab.active { background: var(--ink); color: #fff; border-color: var(--ink); }
.tab .n { color: var(--muted); margin-left: 4px; } .tab.active .n { color: #cbd5e1; }
.pager { display: flex; justify-content: flex-end; padding: 12px 24px; border-top: 1px solid var(--line); }
.traits td { vertical-align: middle; }
.traits td:first-child { width: 38%; color: var(--muted); }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; }
.center-card { max-width: 420px; margin: 72px auto; }
.steps { margin: 0; padding-left: 18px; color: var(--muted); }
select { width: 100%; padding: 8px 10px; border: 1px solid #d0d5dd; border-radius: 7px; font: inherit; background: #fff; color: var(--ink); }
select:focus { outline: 2px solid #c7d2fe; border-color: var(--accent); }
.button.small { padding: 4px 10px; font-size: 12.5px; }
.badge.muted { color: var(--muted); background: #eef0f4; }
.nowrap { white-space: nowrap; }
.webhooks { display: flex; align-items: center; gap: 18px; flex-wrap: wrap; margin-top: 14px; padding: 10px 14px; background: #fafbfc; border: 1px solid var(--line); border-radius: 8px; font-size: 13px; color: var(--muted); }
.webhooks .grow { flex: 1; }
.webhooks-title { font-weight: 600; color: var(--ink); }
.stat strong { color: var(--ink); font-weight: 650; font-variant-numeric: tabular-nums; }
.stat.warn, .stat.warn strong { color: var(--warn); }
.stat.bad, .stat.bad strong { color: var(--bad); }
.dead-events { margin-top: 14px; border: 1px solid #f5c2c2; border-radius: 8px; overflow: hidden; }
.dead-head { background: var(--bad-bg); color: #7f1d1d; padding: 10px 14px; font-size: 13.5px; }
.dead-head .meta { color: #9b2c2c; display: block; }
table.compact th, table.compact td { padding: 8px 14px; font-size: 13px; }
table.compact td.actions { white-space: nowrap; text-align: right; }
.error-text { color: #7f1d1d; overflow-wrap: anywhere; }
.simulate { margin-top: 14px; border: 1px dashed #c7d2fe; border-radius: 8px; background: #f8f9ff; }
.simulate summary { cursor: pointer; padding: 10px 14px; font-weight: 600; color: var(--accent); }
.simulate form { padding: 0 14px 12px; }
.simulate-fields { display: grid; grid-template-columns: 1fr 1.4fr auto; gap: 12px; align-items: end; }
.simulate-fields .field { margin-bottom: 0; }
.simulate .help { margin: 8px 0 0; }
.profile-grid { display: grid; grid-template-columns: minmax(0, 1.6fr) minmax(0, 1fr); gap: 20px; align-items: start; }
.panel-head h2.grow { flex: 1; }
.timeline { list-style: none; margin: 0; padding: 4px 24px; }
.entry { display: flex; gap: 14px; padding: 14px 0; border-bottom: 1px solid var(--line); }
.entry:last-child { border-bottom: 0; }
.dot { flex: none; width: 10px; height: 10px; border-radius: 50%; margin-top: 6px; background: var(--accent); box-shadow: 0 0 0 3px #eef0fb; }
.dot.ok { background: var(--ok); box-shadow: 0 0 0 3px var(--ok-bg); }
.dot.bad { background: var(--bad); box-shadow: 0 0 0 3px var(--bad-bg); }
.dot.warn { background: var(--warn); box-shadow: 0 0 0 3px var(--warn-bg); }
.entry-body { flex: 1; min-width: 0; }
.entry-head { display: flex; align-items: baseline; gap: 8px; flex-wrap: wrap; }
.entry-head .grow { flex: 1; }
.entry-head time { color: var(--muted); font-size: 12.5px; white-space: nowrap; }
.entry-detail { margin-top: 2px; overflow-wrap: anywhere; }
.items { list-style: none; margin: 0; padding: 0; }
.item { padding: 12px 24px; border-top: 1px solid var(--line); }
.item:first-child { border-top: 0; }
.item-head { display: flex; align-items: center; gap: 8px; }
.item-head .grow { flex: 1; }
.traits td + td { overflow-wrap: anywhere; }
.check { display: flex; align-items: center; gap: 8px; font-weight: 500; }
textarea { width: 100%; padding: 9px 12px; border: 1px solid #d0d5dd; border-radius: 7px; font: inherit; background: #fff; resize: vertical; }
textarea:focus { outline: 2px solid #c7d2fe; border-color: var(--accent); }
.field.invalid input, .field.invalid textarea { border-color: var(--bad); }
.field-error { color: var(--bad); font-size: 13px; margin-top: 6px; font-weight: 560; }
details.settings { margin-top: 10px; }
details.settings summary { cursor: pointer; color: var(--accent); font-weight: 600; }
details.settings form { margin-top: 12px; max-width: 720px; }
.secret { margin: 8px 0; padding: 8px 12px; background: #fff; border: 1px solid var(--line); border-radius: 7px; overflow-wrap: anywhere; }
.email-body { white-space: pre-wrap; overflow-wrap: anywhere; background: #fafbfc; border: 1px solid var(--line); border-radius: 7px; padding: 10px 12px; margin: 8px 0 0; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.disconnect { margin-top: 14px; }
.disconnect summary { cursor: pointer; font-size: 13px; color: var(--muted); }
.disconnect form { margin-top: 8px; padding: 10px 14px; border: 1px solid #f5c2c2; border-radius: 8px; background: #fffafa; font-size: 13.5px; }
.choice { display: block; margin: 4px 0; }
@media (max-width: 760px) { .progress-grid, .two-col, .profile-grid, .simulate-fields { grid-template-columns: 1fr; } }
`;
