# URAN for the browser.
#   make serve   build everything and run the page on http://127.0.0.1:8080/ (the main job)
#   make test    install what the tests need, then run every test (the README's test command)
# `make help` lists the targets.

GO       ?= go
ADDR     ?= 127.0.0.1:8080
# The shared data and reference folder (read-only; BUSI images, PyRadiomics references):
# ../shared next to the checkout, else the workplace's /work/shared.
SHARED   ?= $(if $(wildcard ../shared/reference),../shared,/work/shared)
VERSION  := $(shell git describe --always --dirty 2>/dev/null || echo dev)
WASMENV  := GOOS=js GOARCH=wasm
WASMEXEC := $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
export URAN_SHARED := $(abspath $(SHARED))

# Packages whose tests also run compiled to WebAssembly under Node.
WASM_TEST_PKGS := ./radiomics/... ./weights ./wasm/... ./ui ./server/static

.PHONY: help build wasm serve worker worker-serve deps test test-quick test-wasm \
	test-browser test-worker bench bench-radiomics bench-train bench-web bench-worker \
	train conformance fuzz clean

help:
	@grep -E '^## ' Makefile | sed 's/^## //'

## build: the page's assets (uran.wasm, samples, JS, precompressed copies) and bin/uran-server
build: wasm
	$(GO) run ./tools/phantom -out build/samples
	$(GO) run ./server/bundle -out server/assets/dist -wasm build/uran.wasm \
		-samples build/samples -weights weights/default.uranw
	$(GO) build -o bin/uran-server ./server

## wasm: regenerate the vugu components and compile build/uran.wasm
wasm:
	$(GO) tool vugugen -skip-main -skip-go-mod ./ui
	gofmt -w ui/*_gen.go
	$(WASMENV) $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" \
		-o build/uran.wasm ./wasm

## serve: build, then run the page on $(ADDR) with the embedded default model and samples
serve: build
	./bin/uran-server -addr $(ADDR)

## worker: the same assets as a Cloudflare Worker (server/worker/build)
worker: build
	$(GO) run ./server/bundle -worker -from server/assets/dist -out server/worker/dist
	cd server/worker && $(GO) tool workers-assets-gen -mode=go
	cp server/worker/entry.mjs server/worker/build/
	cd server/worker && $(WASMENV) $(GO) build -trimpath -ldflags "-s -w" -o build/app.wasm .

## worker-serve: run the Worker locally in workerd on 127.0.0.1:8790
worker-serve: worker
	./node_modules/.bin/workerd serve server/worker/workerd.capnp

## deps: install what the tests need and the machine lacks (chromium, firefox-esr, workerd)
deps:
	.ci/deps

## test: everything: vet, native tests (browser end-to-end and Worker included), wasm tests
## under Node. URAN_STRICT=1 turns "tool missing" skips into failures.
test: deps build worker
	$(GO) vet ./...
	URAN_STRICT=1 $(GO) test -count=1 ./...
	$(MAKE) test-wasm

## test-quick: vet and the native unit tests without browsers (-short)
test-quick:
	$(GO) vet ./...
	$(GO) test -short ./...

## test-wasm: the extractor, the network, the engine and the UI compiled to wasm, under Node
test-wasm:
	$(WASMENV) $(GO) test -count=1 -short -exec="$(WASMEXEC)" $(WASM_TEST_PKGS)

## test-browser: end-to-end tests in headless Chromium and Firefox ESR
test-browser: build
	$(GO) test -count=1 -run 'Browser|Firefox' -v ./server/e2e

## test-worker: the Worker under workerd
test-worker: worker
	$(GO) test -count=1 -run Workerd -v ./server/e2e

## conformance: every PyRadiomics reference feature, per image type and feature class
conformance:
	$(GO) run ./tools/conformance -shared $(SHARED)

## bench: every benchmark the issues name (radiomics, training, page, Worker)
bench: bench-radiomics bench-train bench-web bench-worker

## bench-radiomics: per image type, native vs wasm (Node) vs PyRadiomics' recorded time on the
## BUSI reference cases, then memory; and the package's own go test benchmarks
bench-radiomics:
	$(GO) run ./tools/radiomicsbench -shared $(SHARED)
	$(GO) test -run '^$$' -bench 'ExtractAll|ImageType' -benchtime 10x ./radiomics

## bench-train: 5 × 5 cross-validation of URAN and its four comparisons on 500 × 1311 features
bench-train:
	$(GO) test -run '^$$' -bench CrossValidation500x1311 -benchtime 1x ./tools/internal/learn
	$(GO) test -run '^$$' -bench . ./weights

## bench-web: download sizes, navigation → ready and Run → result (BUSI case) in headless
## Chromium next to native, and a load test of the server binary
bench-web: build
	$(GO) test -run '^$$' -bench 'Sizes|PageReady|BUSIRun|ServerLoad' -benchtime 3x ./server/e2e

## bench-worker: per-request time of the Worker under workerd
bench-worker: worker
	$(GO) test -run '^$$' -bench Workerd -benchtime 50x ./server/e2e

## train: retrain the embedded default model on BUSI (benign vs malignant) and its report
train:
	$(GO) run ./tools/train -manifest $(SHARED)/data/busi/index.csv -image image -mask masks \
		-label cls -group dup_group -classes benign,malignant -drop-mixed-groups \
		-params weights/default_params.yaml -seed 1 -date 2026-12-04 \
		-task "benign vs malignant breast lesion (B-mode ultrasound)" \
		-dataset "BUSI breast ultrasound images (Al-Dhabyani et al., Data in Brief 28:104863, 2020): the project's 441 benign and malignant images; groups are near-duplicate groups (dup_group)" \
		-description "URAN trained on the public BUSI images to tell benign from malignant lesions. Research software, not a medical device. It does not predict HER2 status changes: a hospital trains that model on its own labelled cohort with tools/train." \
		-weights weights/default.uranw -report weights/default_report

## fuzz: every fuzz target for FUZZTIME each (default 30s); crashes land in testdata/fuzz
FUZZTIME ?= 30s
FUZZ_TARGETS := ./radiomics:FuzzParseParams ./radiomics:FuzzExtract \
	./radiomics/imageio:FuzzDecodeImage ./radiomics/imageio:FuzzDecodeMask ./weights:FuzzDecode
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$fn in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

clean:
	rm -rf build bin server/worker/build
	find server/assets/dist server/worker/dist -mindepth 1 ! -name README.md -delete
