// Entry module of the URAN Worker. It wraps the worker.mjs that workers-assets-gen generates:
// the Go handler serves precompressed files with a Content-Encoding header, and the Workers
// runtime would compress such a body a second time unless the response says the encoding is
// already done (encodeBody: "manual").
import worker from './worker.mjs';

export default {
  async fetch(req, env, ctx) {
    const res = await worker.fetch(req, env, ctx);
    if (!res.headers.has('Content-Encoding')) return res;
    return new Response(res.body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
      encodeBody: 'manual',
    });
  },
};
