# cfp-taxonomy: the commands a user needs. `make help` lists them.

SOURCES   ?= seeds/sources.toml
OUT       ?= output
SNAPSHOTS ?=
# Where archived copies are read when the network fails: ../shared/corpus when it is there.
ARCHIVE   ?= $(if $(wildcard ../shared/corpus/sources.toml),../shared/corpus)
CARGO     ?= cargo
BIN       := $(or $(CARGO_TARGET_DIR),target)/release/cfp-taxonomy
# Checks that need an outside tool list themselves here when they cannot run (tests/common).
SKIPPED   := $(or $(CARGO_TARGET_DIR),target)/tmp/skipped-checks.txt

.PHONY: help build-taxonomy test docs-figures bench clean

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

build-taxonomy: ## Build the taxonomy into $(OUT)/ (SNAPSHOTS=dir: only saved copies; ARCHIVE=dir: saved copies when the network fails).
	$(CARGO) build --release --locked
	$(BIN) build --sources $(SOURCES) --out $(OUT) $(if $(SNAPSHOTS),--snapshots $(SNAPSHOTS),$(if $(ARCHIVE),--archive $(ARCHIVE)))

test: ## Run every test (unit, end-to-end on ../shared/corpus, local HTTP, Parquet readers, browser); fails if a check could not run.
	@rm -f $(SKIPPED)
	$(CARGO) test --locked
	@if [ -s $(SKIPPED) ]; then \
	  echo; echo "NOT EVERY CHECK RAN: cargo counts these as passed, but they did not run:"; cat $(SKIPPED); \
	  echo "bash .ci/run installs what they need (Python readers, Graphviz, Chromium, npm)."; exit 1; fi

docs-figures: ## Rewrite the figures of README.md and docs/ from a build of ../shared/corpus and from eval.
	CFP_UPDATE_DOCS=1 $(CARGO) test --locked --test docs_figures --test eval

bench: ## Time release builds: the corpus, generated corpora of 1,300 and 13,000 sources, 10,000 copies, 10,000 bodies of 5 MiB, 10,000 slow sources (BENCHMARKS.md).
	$(CARGO) build --release --locked --bin cfp-taxonomy --example parse_floor
	bash scripts/bench.sh $(dir $(BIN))

clean: ## Remove build output and the download cache.
	rm -rf $(OUT) .cache
