# Local test configuration for the URAN Worker under workerd (npm package "workerd"):
#   ./node_modules/.bin/workerd serve server/worker/workerd.capnp
# Paths are relative to this file; `make worker` writes build/.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .uran)],
  sockets = [(name = "http", address = "127.0.0.1:8790", http = (), service = "main")],
);

const uran :Workerd.Worker = (
  modules = [
    (name = "entry.mjs", esModule = embed "build/entry.mjs"),
    (name = "worker.mjs", esModule = embed "build/worker.mjs"),
    (name = "runtime.mjs", esModule = embed "build/runtime.mjs"),
    (name = "wasm_exec.js", esModule = embed "build/wasm_exec.js"),
    (name = "app.wasm", wasm = embed "build/app.wasm"),
  ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
);
