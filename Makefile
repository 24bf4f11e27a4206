# URAN for the browser. `make build` then `make serve` runs the page on http://127.0.0.1:8080/.

GO      ?= go
ADDR    ?= 127.0.0.1:8080
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
# The default model offered for download next to the page (the binary embeds it anyway).
WEIGHTS ?= $(firstword $(wildcard weights/default.uranw weights/*.uranw))
WASMENV := GOOS=js GOARCH=wasm
WASMEXEC := $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec

.PHONY: build wasm serve worker worker-serve test test-wasm test-browser test-worker bench-web \
	bench-worker clean-web

## build: the page's assets (uran.wasm, samples, JS, precompressed copies) and the server
build: wasm
	$(GO) run ./tools/phantom -out build/samples
	$(GO) run ./server/bundle -out server/assets/dist -wasm build/uran.wasm \
		-samples build/samples $(if $(WEIGHTS),-weights $(WEIGHTS))
	$(GO) build -o bin/uran-server ./server

## wasm: regenerate the vugu components and compile uran.wasm
wasm:
	$(GO) tool vugugen -skip-main -skip-go-mod ./ui
	gofmt -w ui/*_gen.go
	$(WASMENV) $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" \
		-o build/uran.wasm ./wasm

## serve: run the page on $(ADDR)
serve: build
	./bin/uran-server -addr $(ADDR)

## worker: the same assets as a Cloudflare Worker (server/worker/build)
worker: build
	$(GO) run ./server/bundle -worker -from server/assets/dist -out server/worker/dist
	cd server/worker && $(GO) tool workers-assets-gen -mode=go
	cp server/worker/entry.mjs server/worker/build/
	cd server/worker && $(WASMENV) $(GO) build -trimpath -ldflags "-s -w" -o build/app.wasm .

## worker-serve: run the Worker locally in workerd on 127.0.0.1:8790 (npm install workerd)
worker-serve: worker
	./node_modules/.bin/workerd serve server/worker/workerd.capnp

## test: Go unit tests (native)
test:
	$(GO) vet ./...
	$(GO) test ./...

## test-wasm: the engine and the JavaScript boundary under Node
test-wasm:
	$(WASMENV) $(GO) test -exec="$(WASMEXEC)" ./wasm/... ./ui

## test-browser: end-to-end tests in headless Chromium and Firefox ESR (apt-get install -y
## chromium firefox-esr); each browser's tests skip when it is missing
test-browser: build
	$(GO) test -count=1 -run 'Browser|Firefox' -v ./server/e2e

## test-worker: the Worker under workerd (npm install workerd)
test-worker: worker
	$(GO) test -count=1 -run Workerd -v ./server/e2e

## bench-web: download sizes, navigation → ready and Run → result (BUSI case) in headless
## Chromium next to native, and a load test of the server binary
bench-web: build
	$(GO) test -run '^$$' -bench 'Sizes|PageReady|BUSIRun|ServerLoad' -benchtime 3x ./server/e2e

## bench-worker: per-request time of the Worker under workerd
bench-worker: worker
	$(GO) test -run '^$$' -bench Workerd -benchtime 50x ./server/e2e

clean-web:
	rm -rf build bin server/worker/build
	find server/assets/dist server/worker/dist -mindepth 1 ! -name README.md -delete
