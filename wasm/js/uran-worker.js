// The URAN engine's Web Worker. It receives the compiled uran.wasm from the page (so the
// binary is downloaded and compiled once), starts the Go program in its "worker" role and
// then hands every message to it. Messages that arrive before Go is ready wait in a queue.
'use strict';

importScripts('wasm_exec.js');

let handle = null; // set by Go through uranWorkerReady
const queue = [];

self.uranWorkerReady = (fn, version) => {
  handle = fn;
  self.postMessage({ id: initID, ok: true, result: { version } });
  for (const m of queue.splice(0)) handle(m);
};

let initID = 0;

async function start(msg) {
  initID = msg.id;
  const go = new Go();
  go.argv = ['uran', 'worker'];
  let module = msg.module;
  if (!(module instanceof WebAssembly.Module)) {
    // The page could not pass the module (older browsers): fetch and compile here.
    const res = await fetch(msg.wasmURL || 'uran.wasm');
    module = await WebAssembly.compile(await res.arrayBuffer());
  }
  const instance = await WebAssembly.instantiate(module, go.importObject);
  go.run(instance).then(() => {
    self.postMessage({ fatal: 'the WebAssembly program exited' });
  });
}

self.onmessage = (e) => {
  const msg = e.data;
  if (msg && msg.op === 'init') {
    start(msg).catch((err) => self.postMessage({ id: msg.id, ok: false,
      error: 'cannot start the engine: ' + (err && err.message || err) }));
    return;
  }
  if (handle) handle(msg);
  else queue.push(msg);
};
