// The example portal's own code: listens to <uran-predictor>'s events and uses the URAN
// JavaScript API directly.
import { URAN } from '../uran.js';

const events = document.getElementById('element-events');
const predictor = document.getElementById('predictor');
predictor.addEventListener('uran-ready', (e) => {
  events.textContent = `Predictor ready: ${e.detail.task}.`;
});
predictor.addEventListener('uran-result', (e) => {
  events.textContent = `Result event: ${e.detail.class}.`;
});
predictor.addEventListener('uran-error', (e) => {
  events.textContent = `Error event: ${e.detail.message}`;
});

const out = document.getElementById('api-output');
let uran = null;

async function blobOf(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.blob();
}

async function imageDataOf(blob) {
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
}

document.getElementById('api-run').addEventListener('click', async () => {
  try {
    out.textContent = 'Starting the engine…';
    if (!uran) uran = await URAN.create();
    const model = await uran.loadModel();
    const samples = await (await fetch('../samples/samples.json')).json();
    const s = samples[0];
    const image = await blobOf('../samples/' + s.image);
    const mask = await blobOf('../samples/' + s.mask);
    const steps = [];
    const fromFile = await uran.predict({ image, mask, imageName: s.image, maskName: s.mask,
      onProgress: (p) => { steps.push(p.step); out.textContent = `Measuring: ${p.step}`; } });
    // The same case as ImageData (for instance from a portal's own canvas viewer).
    const fromPixels = await uran.predict({ image: await imageDataOf(image),
      mask: await imageDataOf(mask) });
    const top = [...fromFile.gates].sort((a, b) => b.value - a.value).slice(0, 3);
    out.textContent = JSON.stringify({
      model: model.task,
      sample: s.title,
      classes: fromFile.classes,
      probabilities: fromFile.probabilities,
      predicted: fromFile.class,
      probabilitiesFromImageData: fromPixels.probabilities,
      features: fromFile.features.length,
      topGates: top,
      progressSteps: [...new Set(steps)],
    }, null, 2);
    out.dataset.done = '1';
  } catch (err) {
    out.textContent = 'Error: ' + err.message;
    out.dataset.done = 'error';
  }
});
