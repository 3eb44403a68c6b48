# The two commands a newcomer needs: `make run` and `make test`.
# Both create .venv and install the pinned requirements; nothing is installed by hand.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8050
MI_DB  ?= data/mi.duckdb
PRESET ?= council
SEED   ?= 42

export PORT MI_DB

.PHONY: run test bench db chromium postgresql clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# The demo database is built only when absent (it may hold imported data).
$(MI_DB): | $(VENV)/.installed
	$(PY) -m data.generate --preset $(PRESET) --seed $(SEED) --out $(MI_DB)

## Serve the dashboard on http://127.0.0.1:$(PORT)
run: $(VENV)/.installed $(MI_DB)
	MI_AUTH=$${MI_AUTH:-none} $(PY) app.py

## (Re)build the demo database (published data already imported are kept)
db: $(VENV)/.installed
	$(PY) -m data.generate --preset $(PRESET) --seed $(SEED) --out $(MI_DB)

## Chromium and its driver from Debian's packages, for browser tests and PDF charts
chromium:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  echo "Installing Chromium from Debian's packages..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

## The OpenID provider the sign-in tests start on loopback (npm package oidc-provider, pinned in its lock file)
tests/oidc/node_modules/.installed: tests/oidc/package-lock.json
	@command -v npm >/dev/null || { echo "Installing Node.js from Debian's packages..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## PostgreSQL from Debian's packages: the returns store's tests start a throwaway cluster on loopback
postgresql:
	@test -x /usr/lib/postgresql/15/bin/initdb || { echo "Installing PostgreSQL from Debian's packages..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

## Run every test (unit, query, conformance, page and browser)
test: $(VENV)/.test-installed chromium postgresql tests/oidc/node_modules/.installed
	$(PY) -m pytest -q

## Measure interaction latency, memory, concurrency, the pandas baseline, briefing packs, the data build and monthly returns under a crash, and check one number per measure (PRESET=tiny|council|large)
bench: $(VENV)/.test-installed chromium postgresql
	$(PY) -m bench.run --preset $(PRESET) --seed $(SEED)
	$(PY) -m bench.returns --seed $(SEED)
	$(PY) -m bench.briefing --preset $(PRESET) --seed $(SEED)
	$(PY) -m bench.build --preset $(PRESET) --seed $(SEED)
	$(PY) -m bench.consistency --preset $(PRESET) --seed $(SEED)

clean:
	rm -rf $(VENV) .pytest_cache bench/out
