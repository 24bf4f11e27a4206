// <uran-predictor>: a self-contained URAN predictor for portals.
//
//   <script type="module" src="/uran/uran-predictor.js"></script>
//   <uran-predictor weights="/uran/models/hospital.uranw"></uran-predictor>
//
// It shows two file pickers (image, mask), a Run button, a progress bar and the class
// probabilities. Everything runs in the browser; the host page gets the outcome as events:
//   uran-ready    detail: the model description (after the engine and model loaded)
//   uran-progress detail: {step, done, total}
//   uran-result   detail: the result (classes, probabilities, class, gates, features, …)
//   uran-error    detail: {message}
// and may call element.predict({image, mask, label}) itself with any input uran.js accepts.
// Attributes: weights (URL of a weights file; default: the embedded model), wasm and worker
// (URLs of uran.wasm and uran-worker.js when they are not next to this script).
// Assets must be served from the host page's origin: browsers only start Web Workers from
// the page's own origin.
import { URAN } from './uran.js';

const styleURL = new URL('uran-predictor.css', import.meta.url).href;

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

let counter = 0;

export class URANPredictor extends HTMLElement {
  static get observedAttributes() { return ['weights']; }

  constructor() {
    super();
    const id = 'uran-' + (++counter);
    const root = this.attachShadow({ mode: 'open' });
    root.append(el('link', { rel: 'stylesheet', href: styleURL }));
    const box = el('section', { class: 'box', 'aria-label': 'URAN predictor' });
    this._model = el('p', { class: 'model', role: 'status' }, 'Loading the model…');
    const imgLabel = el('label', { for: id + '-image' }, 'Ultrasound image');
    this._image = el('input', { type: 'file', id: id + '-image', part: 'image-input' });
    const maskLabel = el('label', { for: id + '-mask' }, 'Lesion mask');
    this._mask = el('input', { type: 'file', id: id + '-mask', part: 'mask-input' });
    this._run = el('button', { type: 'button', part: 'run', disabled: '' }, 'Run');
    this._progress = el('progress', { max: '100', value: '0', hidden: '',
                                      'aria-label': 'Progress' });
    this._step = el('p', { class: 'step', 'aria-live': 'polite' });
    this._out = el('div', { class: 'out', 'aria-live': 'polite' });
    const note = el('p', { class: 'note' },
      'Research software, not a diagnosis. Images stay in this browser.');
    box.append(this._model, imgLabel, this._image, maskLabel, this._mask, this._run,
      this._progress, this._step, this._out, note);
    root.append(box);
    this._run.addEventListener('click', () => this._runFromInputs());
    for (const input of [this._image, this._mask]) {
      input.addEventListener('change', () => this._updateRunState());
    }
    this.uran = null;
    this.model = null;
    this._loading = null;
  }

  connectedCallback() { this._start(); }

  disconnectedCallback() {
    if (this.uran) this.uran.terminate();
    this.uran = null;
    this._loading = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (name === 'weights' && oldValue !== newValue && this.uran) this._loadModel();
  }

  _start() {
    if (!this._loading) {
      this._loading = (async () => {
        const base = new URL('.', import.meta.url);
        this.uran = new URAN({
          wasmURL: this.getAttribute('wasm') || new URL('uran.wasm', base).href,
          workerURL: this.getAttribute('worker') || new URL('uran-worker.js', base).href,
        });
        this.uran.addEventListener('progress', (e) => this._showProgress(e.detail));
        await this.uran.ready();
        await this._loadModel();
      })().catch((err) => this._fail(err));
    }
    return this._loading;
  }

  async _loadModel() {
    const w = this.getAttribute('weights');
    this.model = await this.uran.loadModel(w || undefined);
    this._model.textContent = `Model: ${this.model.task} (${this.model.classes.join(' / ')})`;
    this._updateRunState();
    this.dispatchEvent(new CustomEvent('uran-ready', { detail: this.model, bubbles: true,
                                                       composed: true }));
  }

  _updateRunState() {
    const ok = this.model && this._image.files.length > 0 && this._mask.files.length > 0;
    this._run.toggleAttribute('disabled', !ok);
  }

  _showProgress(p) {
    this._progress.hidden = false;
    this._progress.value = p.total > 0 ? Math.round(100 * p.done / p.total) : 0;
    this._step.textContent = `Measuring: ${p.step}`;
    this.dispatchEvent(new CustomEvent('uran-progress', { detail: p, bubbles: true,
                                                          composed: true }));
  }

  _fail(err) {
    const message = err && err.message ? err.message : String(err);
    this._out.replaceChildren(el('p', { class: 'error', role: 'alert' }, message));
    this._progress.hidden = true;
    this._step.textContent = '';
    this.dispatchEvent(new CustomEvent('uran-error', { detail: { message }, bubbles: true,
                                                       composed: true }));
  }

  _runFromInputs() {
    this.predict({ image: this._image.files[0], mask: this._mask.files[0] })
      .catch(() => {}); // shown by predict
  }

  /** Predict with any inputs uran.js accepts; also shows the result in the element. */
  async predict(req) {
    await this._start();
    if (!this.model) throw new Error('URAN: the model is not loaded');
    this._run.setAttribute('disabled', '');
    this._out.replaceChildren();
    try {
      const result = await this.uran.predict(req);
      this._showResult(result);
      this.dispatchEvent(new CustomEvent('uran-result', { detail: result, bubbles: true,
                                                          composed: true }));
      return result;
    } catch (err) {
      this._fail(err);
      throw err;
    } finally {
      this._progress.hidden = true;
      this._step.textContent = '';
      this._updateRunState();
    }
  }

  _showResult(r) {
    const list = el('dl', { class: 'probs' });
    r.classes.forEach((c, i) => {
      const dt = el('dt', {}, c);
      const dd = el('dd', { 'data-class': c, 'data-probability': String(r.probabilities[i]) },
        (100 * r.probabilities[i]).toFixed(1) + ' %');
      if (c === r.class) { dt.className = 'predicted'; dd.className = 'predicted'; }
      list.append(dt, dd);
    });
    this._out.replaceChildren(el('p', { class: 'verdict' }, 'Model output: ' + r.class), list);
  }
}

if (!customElements.get('uran-predictor')) {
  customElements.define('uran-predictor', URANPredictor);
}
