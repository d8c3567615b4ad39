# Two commands do all set-up: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
GEO := geodata/build/nrw_ki_districts.geojson
PORT ?= 8501

.PHONY: run test install geodata geodata-rebuild browser data-report clean

$(STAMP): requirements.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $(STAMP)

install: $(STAMP)

# Boundaries are built, never committed: upstream URL first, then the mirror (KI_GEODATA_MIRROR).
$(GEO): $(STAMP) geodata/sources.toml kirollout/geodata.py
	$(PY) -m kirollout.geodata

geodata: $(GEO)

geodata-rebuild: $(STAMP)
	rm -rf geodata/build && $(PY) -m kirollout.geodata

# Debian's chromium for the browser tests (Playwright cannot download browsers here) and
# DejaVu Sans for the briefing PDF (kirollout/briefing.py; falls back to matplotlib's copy).
FONT := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
browser:
	@if [ -x /usr/bin/chromium ] && [ -f $(FONT) ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  echo "Installing Debian's chromium and fonts for the browser tests ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	else \
	  echo "The browser tests need Debian's chromium at /usr/bin/chromium and the PDF font $(FONT): run 'sudo apt-get install -y chromium fonts-dejavu-core'." >&2; exit 1; \
	fi

run: $(STAMP) $(GEO)
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT)

# Data-quality report on ki_data/ (opening precision, sources, conflicts per center).
data-report: $(STAMP)
	$(PY) -m kirollout.quality

test: $(STAMP) $(GEO) browser
	$(PY) -m pytest -q -p no:cacheprovider tests

clean:
	rm -rf $(VENV) geodata/build geodata/cache
