# CityTwin: `make run` sets up, builds, creates the demo store and serves;
# `make test` runs every check CI runs. Both install what is missing.

GO        ?= go
BIN       := bin/twin
STORE     ?= var/twin.db
ADDR      ?= 127.0.0.1:8080
VERSION   := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -X main.version=$(VERSION)
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PKGS  := libproj-dev pkg-config proj-data
FUZZTIME  ?= 10s
BENCHTIME ?= 1x

NPM_STAMP := viewer/node_modules/.citytwin-installed

.PHONY: all deps build run demo tiles test vet fmt-check fuzz bench clean

all: build

## deps: install the system packages (PROJ, chromium), npm packages and Go modules that are missing
deps: $(NPM_STAMP)
	@pkg-config --exists proj 2>/dev/null || { \
		echo "installing $(APT_PKGS) (PROJ for CRS transforms)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PKGS) >/dev/null; }
	@command -v chromium >/dev/null || { \
		echo "installing chromium (the headless browser of the CesiumJS tests in viewer/)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@$(GO) mod download

# npm packages of the viewer and of the tests that use real clients (the
# Khronos glTF validator, ...), pinned by viewer/package-lock.json.
$(NPM_STAMP): viewer/package.json viewer/package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20"; exit 1; }
	cd viewer && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build: deps
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/twin

## demo: create the synthetic demo district in $(STORE) unless it is there
demo: build
	@mkdir -p $(dir $(STORE))
	$(BIN) --store $(STORE) demo --if-missing

## tiles: bring the 3D Tiles in $(STORE) up to date (incremental)
tiles: demo
	$(BIN) --store $(STORE) build

## run: build, create the demo store if there is none, build its tiles, serve the viewer on $(ADDR)
run: tiles
	$(BIN) --store $(STORE) serve --addr $(ADDR)

## test: formatting, vet, and every test with the race detector
test: deps fmt-check vet
	$(GO) test -race -count=1 -timeout 30m ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

## fuzz: run each native fuzz test for $(FUZZTIME)
fuzz: deps
	@for pkg in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; done

## bench: every benchmark once ($(BENCHTIME)); set BENCHTIME=3s for steadier figures
bench: deps
	@command -v /usr/bin/time >/dev/null || { echo "installing time (peak memory of the process benchmarks)"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq time >/dev/null; }
	@command -v ogr2ogr >/dev/null || { echo "installing gdal-bin (ogr2ogr: the anchor of BenchmarkIngest)"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq gdal-bin >/dev/null; }
	@{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null && command -v wrk >/dev/null || { echo "installing nginx and wrk (the anchor and load generator of BenchmarkServe)"; $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx wrk >/dev/null; }
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -timeout 60m ./...

clean:
	rm -rf bin var
