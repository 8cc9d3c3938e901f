// The page: editor and problems on the left; host-local's verdict, the simulator and the range
// pictures on the right. Every change re-validates the config, replays the ADD/DEL calls on it and
// writes both to the URL fragment.
import { loadCore } from '../core/browser.js';
import { el } from './dom.js';
import { EditorView } from './editor-view.js';
import { EXAMPLES } from './examples.js';
import type { Invocation } from './host-local-sim.js';
import { renderPictures } from './picture-view.js';
import { renderProblems, renderVerdict } from './problems-view.js';
import { simulate } from './simulator.js';
import { SimulatorView } from './simulator-view.js';
import { hostLocalTarget } from './targets.js';
import { decodeState, encodeState, type PageState } from './url-state.js';
import { checkConfig } from './validation.js';
import { wasmBytes } from './wasm-source.js';

const byId = (id: string) => document.getElementById(id) as HTMLElement;

async function start(): Promise<void> {
  const wasm = await wasmBytes();
  await loadCore(wasm.bytes);
  document.body.dataset.wasm = wasm.from;

  const state: PageState = decodeState(location.hash) ?? { config: EXAMPLES[0].text, ops: [] };
  let generation = 0;

  const editor = new EditorView(byId('editor-host'), (text) => {
    state.config = text;
    schedule();
  });
  const simulator = new SimulatorView(byId('simulator'), {
    call(op: Invocation) {
      state.ops.push(op);
      void refresh();
    },
    reset() {
      state.ops = [];
      void refresh();
    },
  });

  const picker = byId('examples') as HTMLSelectElement;
  picker.append(el('option', { value: '' }, 'Examples…'), ...EXAMPLES.map((e) => el('option', { value: e.id }, e.title)));
  picker.addEventListener('change', () => {
    const example = EXAMPLES.find((e) => e.id === picker.value);
    picker.value = '';
    if (!example) return;
    state.config = example.text;
    state.ops = [];
    editor.text = example.text;
    void refresh();
  });
  const copy = byId('copy-link');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      copy.textContent = 'Link copied';
    } catch {
      copy.textContent = 'Copy the address bar'; // no clipboard access (file://, permissions)
    }
    setTimeout(() => (copy.textContent = 'Copy link'), 1500);
  });
  window.addEventListener('hashchange', () => {
    const next = decodeState(location.hash);
    if (!next || (next.config === state.config && encodeState(next) === encodeState(state))) return;
    Object.assign(state, next);
    editor.text = state.config;
    void refresh();
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void refresh(), 120);
  }

  async function refresh(): Promise<void> {
    const mine = ++generation;
    const report = await checkConfig(state.config);
    const target = report.shape ? hostLocalTarget(report.shape) : null;
    const sim = target ? await simulate(target.stdin, state.ops) : null;
    if (mine !== generation) return; // a newer edit is already being shown
    editor.show(report.diagnostics);
    renderProblems(byId('problems'), report, (d) => editor.reveal(d));
    renderVerdict(byId('verdict'), report);
    byId('simulation').hidden = !sim;
    if (sim) {
      simulator.render(sim);
      renderPictures(byId('pictures'), sim.pictures);
    }
    history.replaceState(null, '', encodeState(state));
    document.body.dataset.ready = String(mine);
  }

  editor.text = state.config;
  await refresh();
}

start().catch((err: unknown) => {
  byId('verdict').textContent = `The playground failed to start: ${(err as Error).message}`;
  byId('verdict').className = 'invalid';
});
