// The ADD/DEL controls, the result of each call as the plugin prints it, and the reservations.
import { el } from './dom.js';
import type { Invocation } from './host-local-sim.js';
import type { Simulation } from './simulator.js';

export interface SimulatorControls {
  call(op: Invocation): void;
  reset(): void;
}

export class SimulatorView {
  private readonly id = el('input', { id: 'container-id', value: 'ctr-1', size: '12', 'aria-label': 'container ID' });
  private readonly ifname = el('input', { id: 'ifname', value: 'eth0', size: '6', 'aria-label': 'interface name' });
  private readonly args = el('input', { id: 'cni-args', placeholder: 'CNI_ARGS, e.g. IP=10.22.0.9', size: '24', 'aria-label': 'CNI_ARGS' });
  private readonly log = el('ol', { id: 'steps' });
  private readonly table = el('tbody');

  constructor(host: HTMLElement, controls: SimulatorControls) {
    const button = (id: string, label: string, onClick: () => void) => {
      const b = el('button', { id, type: 'button' }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    const op = (command: 'ADD' | 'DEL'): Invocation => {
      const call: Invocation = { command, containerId: this.id.value.trim(), ifname: this.ifname.value.trim() };
      if (this.args.value.trim()) call.cniArgs = this.args.value.trim();
      return call;
    };
    host.append(
      el('div', { class: 'controls' },
        el('label', {}, 'container ', this.id), el('label', {}, 'ifname ', this.ifname), this.args,
        button('add', 'ADD', () => controls.call(op('ADD'))),
        button('del', 'DEL', () => controls.call(op('DEL'))),
        button('reset', 'Reset', () => controls.reset()),
      ),
      el('table', { class: 'reservations' }, el('thead', {}, el('tr', {}, el('th', {}, 'address'), el('th', {}, 'container'), el('th', {}, 'ifname'), el('th', {}))), this.table),
      this.log,
    );
    this.controls = controls;
  }

  private controls: SimulatorControls;

  render(sim: Simulation): void {
    const adds = sim.steps.filter((s) => s.call.command === 'ADD').length;
    this.id.value = `ctr-${adds + 1}`;
    this.log.replaceChildren(
      ...sim.steps.map((s, i) =>
        el('li', { class: `step ${s.outcome.ok ? 'ok' : 'failed'}`, 'data-command': s.call.command },
          el('div', { class: 'call' }, `#${i + 1} ${s.call.command} ${s.call.containerId} ${s.call.ifname}${s.call.cniArgs ? ` CNI_ARGS=${s.call.cniArgs}` : ''} → ${s.outcome.ok ? 'exit 0' : 'exit 1'}`),
          s.outcome.stdout ? el('pre', {}, s.outcome.stdout) : el('pre', { class: 'empty' }, '(no output)'),
        ),
      ).reverse(),
    );
    const rows = sim.store.reservations().sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }));
    this.table.replaceChildren(
      ...rows.map((r) => {
        const del = el('button', { type: 'button', class: 'del-one' }, 'DEL');
        del.addEventListener('click', () => this.controls.call({ command: 'DEL', containerId: r.containerId, ifname: r.ifname ?? 'eth0' }));
        return el('tr', { 'data-ip': r.ip }, el('td', {}, r.ip), el('td', {}, r.containerId), el('td', {}, r.ifname ?? ''), el('td', {}, del));
      }),
    );
  }
}
