// The page bootstrap. It starts the engine (uran.wasm in a Web Worker, through the same API
// that embedders use), then runs the same binary on the page, where it mounts the vugu user
// interface. It also registers the service worker that keeps the page usable offline.
import { URAN } from './uran.js';

const status = document.getElementById('boot-status');

function fail(err) {
  const msg = 'URAN could not start: ' + (err && err.message ? err.message : String(err));
  console.error(msg);
  if (status) {
    status.textContent = msg;
    status.classList.add('error');
  }
}

async function start() {
  if (typeof WebAssembly !== 'object' || typeof Worker !== 'function') {
    throw new Error('this browser lacks WebAssembly or Web Workers');
  }
  const client = new URAN();
  await client.ready();
  globalThis.uranPage = { client };
  const go = new Go();
  go.argv = ['uran', 'page'];
  const instance = await WebAssembly.instantiate(client.module, go.importObject);
  go.run(instance).then(() => fail(new Error('the page program stopped')));
}

start().catch(fail);

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js', { scope: './' }).catch((err) => {
    console.warn('URAN: offline support unavailable:', err && err.message);
  });
}
