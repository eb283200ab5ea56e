/**
 * The desktop's own page (runs in the sandboxed window, talks only through `window.hearth`):
 * the first-run wizard (renders each WizardView step), the node role's status page (gateway,
 * pairing state with fingerprint, recent runs, exec policy) and desktop settings (role switch
 * with its confirmation, start at login, update channel). Plain DOM, no framework, no innerHTML.
 */
import type { DesktopPrefs, HearthBridge, NodeStatusView, RoleSwitchPlanView, UpdateView, WizardEvent, WizardView } from '../../../src-shared/ipc/contract.ts';

type Child = Node | string | null | undefined | false;
const bridge = (window as unknown as { hearth?: HearthBridge }).hearth;
const root = document.getElementById('root')!;

function h(tag: string, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k, v);
    else if (typeof v === 'boolean') { if (v) el.setAttribute(k, ''); }
    else el.setAttribute(k, v);
  }
  for (const c of children) if (c) el.append(c);
  return el;
}
const btn = (label: string, onclick: () => void, primary = false) => h('button', { click: onclick, ...(primary ? { class: 'primary' } : {}) }, label);
const show = (...nodes: Child[]) => root.replaceChildren(...nodes.filter((n): n is Node | string => Boolean(n)));

async function send(event: WizardEvent): Promise<void> {
  renderWizard(await bridge!.invoke('hearth:wizard-send', event));
}

function qr(svg: string): HTMLElement {
  const img = h('img', { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, alt: 'QR code for the phone', width: '220', height: '220' });
  return h('div', { class: 'qr' }, img);
}

function failure(f: { title: string; message: string; nextStep: string; detail?: string }): HTMLElement {
  return h('div', { class: 'card' }, h('h2', { class: 'error' }, f.title), h('p', {}, f.message), h('p', {}, h('strong', {}, 'Next step: '), f.nextStep), f.detail ? h('p', { class: 'muted mono' }, f.detail) : null);
}

function renderWizard(v: WizardView): void {
  if (!location.hash.startsWith('#/wizard')) return;
  switch (v.step) {
    case 'choose-role':
      return show(h('h1', {}, 'Welcome to Hearth'), h('p', {}, 'What is this machine?'),
        h('div', { class: 'card' }, h('h2', {}, 'The home hub (Gateway)'), h('p', { class: 'muted' }, 'Always-on PC: the phone and the other machines connect to it.'), btn('This is the home hub', () => void send({ type: 'choose-role', role: 'gateway' }), true)),
        h('div', { class: 'card' }, h('h2', {}, 'A node'), h('p', { class: 'muted' }, 'Laptop or Mac that runs work for the home hub.'), btn('This is a node', () => void send({ type: 'choose-role', role: 'node' }))));
    case 'gateway-options': {
      const port = h('input', { type: 'number', min: '1', max: '65535', value: String(v.port) }) as HTMLInputElement;
      const bind = h('select', {}, ...(['loopback', 'lan', 'tailnet'] as const).map((b) => h('option', { value: b, ...(b === v.bind ? { selected: true } : {}) }, b))) as HTMLSelectElement;
      const pub = h('input', { type: 'text', value: v.publicUrl, placeholder: 'http://home-pc.tailnet.ts.net:18789 (optional)' }) as HTMLInputElement;
      return show(h('h1', {}, 'Gateway settings'), v.error ? h('p', { class: 'error' }, v.error) : null,
        h('div', { class: 'row' }, 'Port', port), h('div', { class: 'row' }, 'Listen on', bind), h('div', { class: 'row' }, 'Public URL', pub),
        h('div', { class: 'row' }, btn('Back', () => void send({ type: 'back' })), btn('Start the gateway', () => void send({ type: 'gateway-submit', port: Number(port.value), bind: bind.value as 'loopback', publicUrl: pub.value }), true)));
    }
    case 'gateway-starting':
      return show(h('h1', {}, 'Starting the gateway…'), h('p', { class: 'muted' }, `Port ${v.port}`));
    case 'gateway-failed':
      return show(failure(v.failure), h('div', { class: 'row' }, btn('Change settings', () => void send({ type: 'back' })), btn('Retry', () => void send({ type: 'retry' }), true)));
    case 'gateway-token':
      return show(h('h1', {}, 'Your gateway token'), h('p', {}, 'Shown once. Keep it somewhere safe; the phone pairs with the QR code on the next step.'),
        h('p', { class: 'card mono' }, v.token),
        h('div', { class: 'row' }, btn(v.copied ? 'Copied' : 'Copy', () => void send({ type: 'token-copied' })), btn('I saved it', () => void send({ type: 'token-acknowledged' }), true)));
    case 'gateway-qr':
      return show(h('h1', {}, 'Pair your phone'), h('p', {}, 'Scan with the phone camera, or open the link on the phone.'), qr(v.phone.qrSvg),
        h('p', { class: 'mono' }, v.phone.phoneUrl), v.phone.warning ? h('p', { class: 'warn' }, v.phone.warning) : null,
        h('p', { class: 'muted' }, `Valid until ${new Date(v.phone.expiresAtMs).toLocaleTimeString()}, single use.`),
        h('div', { class: 'row' }, btn('New code', () => void send({ type: 'refresh-code' })), btn('Done', () => void send({ type: 'finish' }), true)));
    case 'node-find': {
      // Sent on Continue only: a state change per keystroke would re-render and steal focus.
      const input = h('input', { type: 'text', value: v.input, placeholder: 'ws://home-pc:18789, or paste a setup code' }) as HTMLInputElement;
      const submit = async () => {
        await bridge!.invoke('hearth:wizard-send', { type: 'input-changed', input: input.value });
        await send({ type: 'submit-input' });
      };
      const list = v.discovered.length === 0
        ? h('p', { class: 'muted' }, v.scanning ? 'Looking for gateways on this network…' : 'No gateway found on this network. Type its address below.')
        : h('ul', {}, ...v.discovered.map((g) => h('li', {}, btn(`${g.name} — ${g.url}${g.hearth ? '' : ' (OpenClaw)'}`, () => void send({ type: 'select-gateway', url: g.url })))));
      return show(h('h1', {}, 'Find your gateway'), list, v.error ? h('p', { class: 'error' }, v.error) : null,
        h('div', { class: 'row' }, input, btn('Continue', () => void submit(), true)), btn('Back', () => void send({ type: 'back' })));
    }
    case 'node-pair': {
      const code = h('input', { type: 'text', value: v.code, placeholder: 'Setup code from "Pair a device"' }) as HTMLInputElement;
      return show(h('h1', {}, 'Join the gateway'), h('p', { class: 'mono' }, v.gatewayUrl), v.error ? h('p', { class: 'error' }, v.error) : null,
        h('div', { class: 'card' }, h('h2', {}, 'Paste a setup code'), h('div', { class: 'row' }, code, btn('Pair', () => void send({ type: 'submit-code', code: code.value }), true))),
        h('div', { class: 'card' }, h('h2', {}, 'Or ask for approval'), h('p', { class: 'muted' }, 'Approve this machine on the phone, comparing the fingerprint.'), btn('Ask to join', () => void send({ type: 'wait-for-approval' }))),
        btn('Back', () => void send({ type: 'back' })));
    }
    case 'node-connecting':
      return show(h('h1', {}, 'Connecting…'), h('p', { class: 'mono' }, v.gatewayUrl), btn('Cancel', () => void send({ type: 'back' })));
    case 'node-waiting-approval':
      return show(h('h1', {}, 'Waiting for approval'), h('p', {}, 'On the phone (or the home PC), approve the request whose fingerprint is:'),
        h('p', { class: 'card mono' }, v.fingerprint), v.message ? h('p', { class: 'muted' }, v.message) : null, btn('Cancel', () => void send({ type: 'back' })));
    case 'node-failed':
      return show(failure(v.failure), h('div', { class: 'row' }, btn('Back', () => void send({ type: 'back' })), btn('Retry', () => void send({ type: 'retry' }), true)));
    case 'done':
      return show(h('h1', { class: 'ok' }, 'All set'), h('p', {}, v.summary));
  }
}

async function renderNode(status?: NodeStatusView | null): Promise<void> {
  if (!location.hash.startsWith('#/node')) return;
  const s = status === undefined ? await bridge!.invoke('hearth:node-status', null) : status;
  if (!s) return show(h('h1', {}, 'Node'), h('p', { class: 'muted' }, 'The node agent is not running.'), settingsLink());
  const security = h('select', {}, ...(['deny', 'allowlist', 'ask', 'full'] as const).map((x) => h('option', { value: x, ...(x === s.exec.security ? { selected: true } : {}) }, x))) as HTMLSelectElement;
  const allow = h('textarea', { rows: '4', placeholder: 'One command per line, e.g. /usr/bin/git' }) as HTMLTextAreaElement;
  allow.value = s.exec.allowlist.join('\n');
  show(h('h1', {}, 'This machine is a node'),
    h('div', { class: 'card' }, h('p', {}, 'Gateway: ', h('span', { class: 'mono' }, s.gatewayUrl)), h('p', {}, `State: ${s.state}`),
      s.state === 'pairing-required' ? h('p', {}, 'Compare this fingerprint with the one the phone shows: ', h('strong', { class: 'mono' }, s.fingerprint)) : h('p', { class: 'muted' }, `Fingerprint ${s.fingerprint}`),
      s.message ? h('p', { class: 'muted' }, s.message) : null,
      btn(s.state === 'paused' ? 'Resume' : 'Pause', () => void bridge!.invoke('hearth:node-pause', { paused: s.state !== 'paused' }).then((n) => renderNode(n)))),
    h('h2', {}, 'What the gateway may run here'),
    h('div', { class: 'row' }, security, btn('Save', () => void bridge!.invoke('hearth:set-exec-policy', { security: security.value as 'deny', allowlist: allow.value.split('\n').map((l) => l.trim()).filter(Boolean) }).then(() => renderNode()))),
    allow,
    h('h2', {}, 'Recent runs'),
    s.recentRuns.length === 0 ? h('p', { class: 'muted' }, 'Nothing ran yet.') : h('table', {}, ...s.recentRuns.map((r) => h('tr', {}, h('td', { class: 'mono' }, r.command), h('td', {}, new Date(r.startedAtMs).toLocaleString()), h('td', {}, r.note ?? (r.exitCode === undefined ? 'running…' : `exit ${r.exitCode}`))))),
    settingsLink());
}

function settingsLink(): HTMLElement {
  return h('p', {}, h('a', { href: '#/settings' }, 'Settings'));
}

async function renderSettings(): Promise<void> {
  const prefs: DesktopPrefs = await bridge!.invoke('hearth:prefs-get', null);
  const boot = await bridge!.invoke('hearth:bootstrap', null);
  const login = h('input', { type: 'checkbox', ...(prefs.launchAtLogin ? { checked: true } : {}), change: (e) => void bridge!.invoke('hearth:prefs-set', { launchAtLogin: (e.target as HTMLInputElement).checked }) });
  const channel = h('select', { change: (e) => void bridge!.invoke('hearth:prefs-set', { updateChannel: (e.target as HTMLSelectElement).value as 'beta' }) },
    ...(['stable', 'beta'] as const).map((c) => h('option', { value: c, ...(c === prefs.updateChannel ? { selected: true } : {}) }, c)));
  const updateLine = h('p', { class: 'muted' });
  const other = boot.role === 'gateway' ? 'node' : 'gateway';
  const confirmBox = h('div');
  show(h('h1', {}, 'Settings'),
    h('div', { class: 'row' }, h('label', {}, login, ' Start Hearth at login')),
    h('div', { class: 'row' }, 'Updates', channel, btn('Check now', () => void bridge!.invoke('hearth:update-check', null).then((u: UpdateView) => { updateLine.textContent = u.message; }))), updateLine,
    h('h2', {}, 'Role'), h('p', {}, `This machine is ${boot.role === 'gateway' ? 'the home hub (Gateway)' : boot.role === 'node' ? 'a node' : 'not set up'}.`),
    btn(`Switch to ${other}…`, () => void bridge!.invoke('hearth:role-switch-plan', { to: other }).then((p) => confirmBox.replaceChildren(planCard(p)))), confirmBox,
    h('p', {}, h('a', { href: boot.role === 'node' ? '#/node' : '#/wizard' }, 'Back')));
}

function planCard(p: RoleSwitchPlanView): HTMLElement {
  return h('div', { class: 'card' }, h('h2', {}, p.title), h('p', {}, p.message), h('ul', {}, ...p.detail.map((d) => h('li', {}, d))),
    p.needed ? h('div', { class: 'row' }, btn(p.confirmLabel, () => void bridge!.invoke('hearth:role-switch-confirm', { to: p.to }), true)) : null);
}

function route(): void {
  const r = location.hash.replace(/^#\/?/, '');
  if (r.startsWith('wizard')) void bridge!.invoke('hearth:wizard-state', null).then(renderWizard);
  else if (r.startsWith('settings')) void renderSettings();
  else void renderNode();
}

if (!bridge) show(h('p', { class: 'error' }, 'This page only works inside the Hearth app.'));
else {
  bridge.on('hearth:wizard-changed', renderWizard);
  bridge.on('hearth:node-status-changed', (s) => void renderNode(s));
  bridge.on('hearth:navigate', ({ page }) => { location.hash = `#/${page}`; });
  window.addEventListener('hashchange', route);
  route();
}
