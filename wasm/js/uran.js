// URAN in the browser: the JavaScript API.
//
// Everything runs inside the visitor's browser. The WebAssembly engine (radiomics extraction,
// the URAN network) runs in a dedicated Web Worker, so the page stays responsive, and nothing
// the caller passes in is sent over the network: the only requests are for the static files
// (uran.wasm, uran-worker.js, wasm_exec.js) and, if asked for by URL, a weights file.
//
//   import { URAN } from './uran.js';
//   const uran = await URAN.create();              // compiles uran.wasm, starts the worker
//   const model = await uran.loadModel();          // the embedded default model
//   const result = await uran.predict({ image: fileOrBlob, mask: maskFile,
//                                       onProgress: p => console.log(p.step, p.done, p.total) });
//   result.classes, result.probabilities, result.class, result.gates, result.features
//
// Inputs (image and mask) may be a File or Blob (PNG, JPEG, BMP, TIFF, DICOM, NPY), an
// ArrayBuffer or Uint8Array holding such a file, an ImageData, a canvas, ImageBitmap or <img>,
// or raw pixels {data: TypedArray, width, height, spacing?: [x_mm, y_mm]}.
// See server/README.md ("JavaScript embedding API") for the full reference.

const here = new URL('.', import.meta.url);

/** Compile uran.wasm once; streaming when the server sends application/wasm. */
export async function compileWasm(url) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`URAN: cannot load ${url}: HTTP ${res.status}`);
  if (WebAssembly.compileStreaming &&
      (res.headers.get('Content-Type') || '').startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(res);
  }
  return WebAssembly.compile(await res.arrayBuffer());
}

const pixelArrays = {
  Uint8Array: 'uint8', Uint8ClampedArray: 'uint8', Int8Array: 'int8',
  Uint16Array: 'uint16', Int16Array: 'int16', Uint32Array: 'uint32', Int32Array: 'int32',
  Float32Array: 'float32', Float64Array: 'float64',
};

function typedArrayKind(a) {
  if (!ArrayBuffer.isView(a)) return '';
  return pixelArrays[a.constructor.name] || '';
}

function isImageData(x) {
  return (typeof ImageData !== 'undefined' && x instanceof ImageData) ||
    (x && x.data instanceof Uint8ClampedArray && Number.isInteger(x.width) &&
     Number.isInteger(x.height) && x.data.length === x.width * x.height * 4 &&
     'colorSpace' in x);
}

function drawable(x) {
  return (typeof HTMLCanvasElement !== 'undefined' && x instanceof HTMLCanvasElement) ||
    (typeof OffscreenCanvas !== 'undefined' && x instanceof OffscreenCanvas) ||
    (typeof ImageBitmap !== 'undefined' && x instanceof ImageBitmap) ||
    (typeof HTMLImageElement !== 'undefined' && x instanceof HTMLImageElement);
}

function pixelsOf(src) {
  const w = src.naturalWidth || src.width;
  const h = src.naturalHeight || src.height;
  const c = new OffscreenCanvas(w, h);
  const g = c.getContext('2d');
  g.drawImage(src, 0, 0);
  return g.getImageData(0, 0, w, h);
}

/**
 * Turn one image or mask given by the caller into the message the worker understands.
 * Bytes are copied, so the caller's buffers are never detached by the transfer.
 * @returns {Promise<{input: object, transfer: ArrayBuffer[]}>}
 */
export async function toInput(x, role, extra = {}) {
  if (x == null) throw new TypeError(`URAN: no ${role} given`);
  const frame = extra.frame || 0;
  const maxPixels = limitOption(extra.maxPixels, 'maxPixels');
  const maxBytes = limitOption(extra.maxBytes, 'maxBytes');
  if (typeof Blob !== 'undefined' && x instanceof Blob) {
    if (maxBytes && x.size > maxBytes) {
      throw new RangeError(`URAN: ${role} ${x.name || extra.name || role}: file has ` +
        `${x.size} bytes, over the limit of ${maxBytes} bytes; if the file is genuine, ` +
        'raise the limit with the maxBytes option');
    }
    const bytes = new Uint8Array(await x.arrayBuffer());
    return { input: { kind: 'file', name: x.name || extra.name || role, bytes, frame,
                      maxPixels, maxBytes },
             transfer: [bytes.buffer] };
  }
  if (x instanceof ArrayBuffer) x = new Uint8Array(x);
  if (x instanceof Uint8Array && extra.width === undefined) {
    const bytes = x.slice();
    return { input: { kind: 'file', name: extra.name || role, bytes, frame, maxPixels, maxBytes },
             transfer: [bytes.buffer] };
  }
  if (drawable(x)) x = pixelsOf(x);
  if (isImageData(x)) {
    const data = new Uint8Array(x.data); // copy
    return { input: { kind: 'rgba', name: extra.name || role, data, width: x.width,
                      height: x.height, spacing: extra.spacing || x.spacing, maxPixels },
             transfer: [data.buffer] };
  }
  let data = x.data, width = x.width, height = x.height, spacing = x.spacing;
  if (ArrayBuffer.isView(x)) {
    data = x; width = extra.width; height = extra.height; spacing = extra.spacing;
  }
  const dtype = typedArrayKind(data);
  if (dtype) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new TypeError(`URAN: ${role}: raw pixels need positive integer width and height`);
    }
    if (data.length !== width * height) {
      throw new TypeError(`URAN: ${role}: ${data.length} pixels given for ` +
        `${width} × ${height} = ${width * height}`);
    }
    const copy = data.slice();
    return { input: { kind: 'array', name: extra.name || role, dtype, data: copy, width, height,
                      spacing: spacing || null, maxPixels },
             transfer: [copy.buffer] };
  }
  throw new TypeError(`URAN: ${role}: unsupported input; give a File or Blob, an ArrayBuffer, ` +
    'an ImageData, a canvas or image, or {data: TypedArray, width, height}');
}

/**
 * A size limit option: undefined or 0 for the default, else a positive whole number.
 * @returns {number} the limit, 0 for the default
 */
function limitOption(v, name) {
  if (v === undefined || v === null || v === 0) return 0;
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new RangeError(`URAN: ${name} must be a positive whole number, got ${v}`);
  }
  return v;
}

/** The image and mask of a predict or extract request, as worker inputs. */
function inputsOf(req) {
  const limits = { maxPixels: req.maxPixels, maxBytes: req.maxBytes };
  return Promise.all([
    toInput(req.image, 'image', { name: req.imageName, spacing: req.spacing,
                                  width: req.width, height: req.height, frame: req.frame,
                                  ...limits }),
    toInput(req.mask, 'mask', { name: req.maskName, spacing: req.spacing,
                                width: req.width, height: req.height, frame: req.maskFrame,
                                ...limits }),
  ]);
}

/**
 * A URAN predictor. It owns one Web Worker with the WebAssembly engine. Events: 'progress'
 * (detail {step, done, total}) during extraction, 'error' (detail Error) if the worker dies.
 */
export class URAN extends EventTarget {
  /** Create a predictor and wait until its engine is ready. */
  static async create(options = {}) {
    const u = new URAN(options);
    await u.ready();
    return u;
  }

  /**
   * @param {object} [options]
   * @param {string|URL} [options.wasmURL] uran.wasm (default: next to uran.js)
   * @param {string|URL} [options.workerURL] uran-worker.js (default: next to uran.js)
   * @param {WebAssembly.Module} [options.module] an already compiled uran.wasm
   */
  constructor(options = {}) {
    super();
    this.wasmURL = new URL(options.wasmURL || 'uran.wasm', here).href;
    this.workerURL = new URL(options.workerURL || 'uran-worker.js', here).href;
    this.module = options.module || null;
    this.version = '';
    this._worker = null;
    this._ready = null;
    this._pending = new Map();
    this._nextID = 1;
    this._lastModel = null; // replayed after cancel()
    this.model = null;
  }

  /** Resolves when the engine has started. */
  ready() {
    if (!this._ready) this._ready = this._start();
    return this._ready;
  }

  async _start() {
    if (!this.module) this.module = await compileWasm(this.wasmURL);
    const w = new Worker(this.workerURL, { name: 'uran-engine' });
    this._worker = w;
    w.onmessage = (e) => this._onMessage(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      this._fail(new Error('URAN engine failed to start: ' + (e.message || 'worker error')));
    };
    const info = await this._send('init', { module: this.module }, []);
    this.version = info.version;
    if (this._lastModel) this.model = await this._send('loadModel', this._lastModel.msg, []);
    return this;
  }

  _onMessage(m) {
    if (m && m.fatal) {
      this._fail(new Error('URAN engine stopped: ' + m.fatal));
      return;
    }
    const p = this._pending.get(m.id);
    if (!p) return;
    if (m.progress) {
      if (p.onProgress) p.onProgress(m.progress);
      this.dispatchEvent(new CustomEvent('progress', { detail: m.progress }));
      return;
    }
    this._pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(m.error));
  }

  _fail(err) {
    for (const p of this._pending.values()) p.reject(err);
    this._pending.clear();
    if (this._worker) this._worker.terminate();
    this._worker = null;
    this._ready = null;
    this.dispatchEvent(new CustomEvent('error', { detail: err }));
  }

  _send(op, msg, transfer, onProgress) {
    return new Promise((resolve, reject) => {
      if (!this._worker) {
        reject(new Error('URAN engine is not running'));
        return;
      }
      const id = this._nextID++;
      this._pending.set(id, { resolve, reject, onProgress });
      this._worker.postMessage({ ...msg, id, op }, transfer);
    });
  }

  async _call(op, msg = {}, transfer = [], onProgress) {
    await this.ready();
    return this._send(op, msg, transfer, onProgress);
  }

  /**
   * Load a model. With no argument, the default model embedded in uran.wasm; otherwise a
   * weights file as File, Blob, ArrayBuffer, Uint8Array, or a same-origin URL.
   * @returns {Promise<object>} the model's description (task, classes, training, evaluation)
   */
  async loadModel(source, name) {
    let msg = { source: 'default' };
    if (source !== undefined && source !== null) {
      if (typeof source === 'string' || source instanceof URL) {
        const res = await fetch(source, { credentials: 'same-origin' });
        if (!res.ok) throw new Error(`URAN: cannot load weights ${source}: HTTP ${res.status}`);
        name = name || String(source).split('/').pop();
        source = await res.arrayBuffer();
      }
      const { input } = await toInput(source, 'weights', { name });
      if (input.kind !== 'file') throw new TypeError('URAN: weights must be a file or bytes');
      msg = { source: 'file', name: input.name, bytes: input.bytes };
    }
    const info = await this._call('loadModel', msg, []);
    this._lastModel = { msg };
    this.model = info;
    return info;
  }

  /**
   * Measure the lesion and predict.
   * @param {object} req
   * @param {*} req.image the ultrasound image (see the input forms above)
   * @param {*} req.mask the lesion mask, same width and height; non-zero pixels are lesion
   * @param {number} [req.label] use only mask pixels of this value (0 = every non-zero pixel)
   * @param {number[]} [req.spacing] pixel spacing [x, y] in mm for raw pixels
   * @param {string} [req.imageName] [req.maskName] names for bytes without a file name
   * @param {number} [req.frame] [req.maskFrame] the frame (from 1) of a multi-frame DICOM
   *   image or mask
   * @param {number} [req.maxPixels] the largest image or mask accepted, in pixels (width ×
   *   height, checked against the file's header before decoding; default 40000000)
   * @param {number} [req.maxBytes] the largest image or mask file accepted, in bytes
   *   (default 268435456, 256 MiB)
   * @param {function} [req.onProgress] called with {step, done, total}
   * @returns {Promise<object>} {classes, probabilities, class, gates, attention, features,
   *   lesion: {label, pixels, regions, edges, coloredPixels, saturatedPixels}, warnings, ...}
   */
  async predict(req) {
    const [img, msk] = await inputsOf(req);
    return this._call('predict', { image: img.input, mask: msk.input, label: req.label || 0 },
      [...img.transfer, ...msk.transfer], req.onProgress);
  }

  /**
   * Extract radiomics features only. Uses the loaded model's settings unless req.params gives
   * a PyRadiomics-style YAML parameter file (req.paramsName names it in error messages).
   * @returns {Promise<{features: {name: string, value: number}[], warnings: string[]}>}
   */
  async extract(req) {
    const [img, msk] = await inputsOf(req);
    return this._call('extract', { image: img.input, mask: msk.input, label: req.label || 0,
                                   params: req.params || '', paramsName: req.paramsName || '' },
      [...img.transfer, ...msk.transfer], req.onProgress);
  }

  /**
   * Decode an image or mask for display: {summary: {name, format, width, height, spacing,
   * notes, frames, frame}, pixels: Float32Array (image) or labels: Uint32Array (mask), min,
   * max}. options may give frame (from 1, for a multi-frame DICOM; summary.frames tells how
   * many the file holds), maxPixels and maxBytes, as for predict.
   */
  async decode(x, as = 'image', name, options = {}) {
    const { input, transfer } = await toInput(x, as, { name, frame: options.frame,
      maxPixels: options.maxPixels, maxBytes: options.maxBytes });
    return this._call('decode', { input, as }, transfer);
  }

  /** The features of a result as CSV text with PyRadiomics column names. */
  exportCSV(result) {
    return this._call('export', { result, format: 'csv' });
  }

  /** A JSON report of a result: the prediction, the model and the extraction settings. */
  exportReport(result) {
    return this._call('export', { result, format: 'json' });
  }

  /**
   * Stop the running work at once: pending calls reject with an AbortError. The engine
   * restarts on the next call and reloads the last model.
   */
  cancel() {
    const err = new DOMException('URAN: cancelled', 'AbortError');
    for (const p of this._pending.values()) p.reject(err);
    this._pending.clear();
    if (this._worker) this._worker.terminate();
    this._worker = null;
    this._ready = null;
  }

  /** Stop the worker for good. */
  terminate() {
    this.cancel();
    this._lastModel = null;
  }
}
