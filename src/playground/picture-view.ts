// Draws range pictures. Up to a /16 (65,536 addresses) every address is one cell of a square-ish
// grid (one row per /24 for a /16), drawn one pixel per address and scaled up; bigger subnets
// (an IPv6 /64) become a strip of runs whose widths grow with the log of their length.
import { count, el } from './dom.js';
import { addressAt, type RangeSetPicture, type State, type SubnetPicture } from './range-picture.js';

export const GRID_LIMIT = 65536n;

const COLOURS: Record<State, [number, number, number]> = {
  free: [0xd8, 0xf0, 0xd8],
  taken: [0x2f, 0x6f, 0xd6],
  gateway: [0xe0, 0x8a, 0x00],
  network: [0x88, 0x88, 0x88],
  broadcast: [0x55, 0x55, 0x55],
  outside: [0xee, 0xee, 0xee],
};

const LABEL: Record<State, string> = {
  free: 'free',
  taken: 'taken',
  gateway: 'gateway (reserved)',
  network: 'network address (reserved)',
  broadcast: 'broadcast (reserved)',
  outside: 'in the subnet, outside the range',
};

function rgb(s: State): string {
  return `rgb(${COLOURS[s].join(',')})`;
}

function stateAt(pic: SubnetPicture, offset: bigint): State {
  for (const r of pic.runs) if (offset >= r.from && offset < r.from + r.count) return r.state;
  return 'outside';
}

function grid(pic: SubnetPicture): HTMLElement {
  const size = Number(pic.size);
  const bits = Math.log2(size);
  const cols = 2 ** Math.ceil(bits / 2);
  const rows = size / cols;
  const cell = Math.max(2, Math.min(20, Math.floor(512 / cols)));
  const canvas = el('canvas', { width: String(cols), height: String(rows), class: 'grid', 'data-taken': String(pic.taken) });
  canvas.style.width = `${cols * cell}px`;
  canvas.style.height = `${rows * cell}px`;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const image = ctx.createImageData(cols, rows);
    for (const run of pic.runs) {
      const [r, g, b] = COLOURS[run.state];
      for (let o = Number(run.from), end = o + Number(run.count); o < end; o++) {
        image.data.set([r, g, b, 255], o * 4);
      }
    }
    ctx.putImageData(image, 0, 0);
  }
  const wrap = el('div', { class: 'grid-wrap' }, canvas);
  if (cell >= 6) {
    // Cell borders, so single addresses can be counted (the canvas itself is one pixel per address).
    const lines = el('div', { class: 'grid-lines' });
    lines.style.backgroundSize = `${cell}px ${cell}px`;
    wrap.append(lines);
  }
  const marker = (offset: bigint | null, kind: string) => {
    if (offset === null) return;
    const o = Number(offset);
    const m = el('div', { class: `marker ${kind}`, title: `${kind === 'next' ? 'next ADD gets' : 'last reserved'} ${addressAt(pic, offset)}` });
    const size = Math.max(cell, 8); // a ring around a 2-pixel cell, so it can be seen
    m.style.left = `${(o % cols) * cell + (cell - size) / 2}px`;
    m.style.top = `${Math.floor(o / cols) * cell + (cell - size) / 2}px`;
    m.style.width = m.style.height = `${size}px`;
    wrap.append(m);
  };
  // Big grids get the first address of every few rows (a /16: one row per /24).
  if (rows >= 32) {
    for (let row = 0; row < rows; row += rows / 8) {
      const label = el('div', { class: 'row-label' }, String(addressAt(pic, BigInt(row * cols))));
      label.style.top = `${row * cell}px`;
      wrap.append(label);
    }
    wrap.classList.add('labelled');
  }
  marker(pic.last, 'last');
  marker(pic.next, 'next');
  canvas.addEventListener('mousemove', (e) => {
    const x = Math.floor(e.offsetX / cell);
    const y = Math.floor(e.offsetY / cell);
    const offset = BigInt(y * cols + x);
    canvas.title = `${addressAt(pic, offset)}: ${LABEL[stateAt(pic, offset)]}`;
  });
  return wrap;
}

function strip(pic: SubnetPicture): HTMLElement {
  const weight = (n: bigint) => n.toString(2).length; // ~log2: a run of 2^64 is 65 wide, a single address 1
  const total = pic.runs.reduce((s, r) => s + weight(r.count), 0);
  const bar = el('div', { class: 'strip', 'data-taken': String(pic.taken) });
  const list = el('ol', { class: 'runs' });
  for (const run of pic.runs) {
    const first = addressAt(pic, run.from);
    const last = addressAt(pic, run.from + run.count - 1n);
    const span = run.count === 1n ? `${first}` : `${first} – ${last}`;
    const seg = el('div', { class: `seg ${run.state}`, title: `${span}: ${count(run.count)} ${LABEL[run.state]}` });
    seg.style.flexGrow = String(weight(run.count) / total);
    seg.style.background = rgb(run.state);
    bar.append(seg);
    list.append(el('li', {}, el('span', { class: `swatch ${run.state}` }), `${span} `, el('em', {}, `${count(run.count)} ${LABEL[run.state]}`)));
  }
  return el('div', {}, bar, list);
}

function subnetView(pic: SubnetPicture): HTMLElement {
  const ranges = pic.ranges.map((r) => `${r.start} – ${r.end}`).join(', ');
  const where = (o: bigint | null) => (o === null ? '—' : String(addressAt(pic, o)));
  const facts = el(
    'p',
    { class: 'facts' },
    el('strong', {}, String(pic.subnet)),
    ` · ${count(pic.size)} addresses · range ${ranges} · `,
    el('span', { class: 'taken-count' }, `${count(pic.taken)} taken`),
    ` · ${count(pic.free)} free · last reserved ${where(pic.last)} · next ${where(pic.next)}`,
  );
  return el('div', { class: 'subnet', 'data-subnet': String(pic.subnet) }, facts, pic.size <= GRID_LIMIT ? grid(pic) : strip(pic));
}

export function renderPictures(host: HTMLElement, pictures: RangeSetPicture[]): void {
  if (pictures.length === 0) {
    host.replaceChildren(el('p', { class: 'none' }, 'No valid range set to draw.'));
    return;
  }
  const legend = el('p', { class: 'legend' });
  for (const s of Object.keys(LABEL) as State[]) legend.append(el('span', { class: `swatch ${s}` }), ` ${LABEL[s]}  `);
  legend.append(el('span', { class: 'swatch marker-last' }), ' last reserved  ', el('span', { class: 'swatch marker-next' }), ' next ADD');
  const sets = pictures.map((p) =>
    el(
      'section',
      { class: 'rangeset', 'data-index': String(p.index) },
      el('h3', {}, `Range set ${p.index}`, p.next ? '' : ' — full: the next ADD fails'),
      ...p.subnets.map(subnetView),
    ),
  );
  host.replaceChildren(legend, ...sets);
}
