# Two commands do all set-up: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
GEO := geodata/build/nrw_ki_districts.geojson
PORT ?= 8501

.PHONY: run test install geodata geodata-rebuild browser data-report clean load bench video briefing site

$(STAMP): requirements.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $(STAMP)

install: $(STAMP)

# Boundaries are built, never committed: upstream URL first, then the mirror (KI_GEODATA_MIRROR).
$(GEO): $(STAMP) geodata/sources.toml kirollout/model/geodata.py
	$(PY) -m kirollout.model.geodata

geodata: $(GEO)

geodata-rebuild: $(STAMP)
	rm -rf geodata/build && $(PY) -m kirollout.model.geodata

# Debian's packages the tests need: chromium for the browser tests (Playwright cannot download
# browsers here), DejaVu Sans for the briefing PDF (kirollout/render/briefing.py; falls back to
# matplotlib's copy) and nginx for the two-backend deployment test (deploy/).
FONT := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
browser:
	@if [ -x /usr/bin/chromium ] && [ -f $(FONT) ] && [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  echo "Installing Debian's chromium, fonts-dejavu-core and nginx for the tests ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium fonts-dejavu-core nginx >/dev/null; \
	else \
	  echo "The tests need Debian's chromium (/usr/bin/chromium), fonts-dejavu-core ($(FONT)) and nginx: run 'sudo apt-get install -y chromium fonts-dejavu-core nginx'." >&2; exit 1; \
	fi

# The dashboard directly: a warm-up at startup (serve.py, dropped 2026-12-04) made no measurable
# difference to the first visit (bench/RESULTS.md, "Warm start").
run: $(STAMP) $(GEO)
	$(VENV)/bin/streamlit run dashboard.py --server.port $(PORT)

# The public edition: static files in site/ (publish with any web server or CDN; README.md).
site: $(STAMP) $(GEO)
	$(PY) -m kirollout.render.site

# Data-quality report on ki_data/ (opening precision, sources, conflicts per center).
data-report: $(STAMP)
	$(PY) -m kirollout.render.quality

# Lint (ruff, settings in pyproject.toml), then every test but the full load tests (their smoke
# forms run here) in two workers (pytest-xdist; a test file stays in one worker, so its
# module-wide app is started once); the 15 slowest tests are listed at the end.
TEST_WORKERS ?= 2
test: $(STAMP) $(GEO) browser
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile -m "not load" --durations=15 tests

# Full load tests: the 5 × 10 s load test and 30 sessions through nginx (pytest -m load), then
# 30 sessions × 60 s on 127.0.0.1 recorded in bench/RESULTS.md.
load: $(STAMP) $(GEO) browser
	$(PY) -m pytest -q -p no:cacheprovider -m load --durations=0 tests/load
	$(PY) -m tests.load.loadtest --sessions 30 --seconds 60 --record

# Benchmarks (never part of make test's pass/fail); results appended to bench/RESULTS.md.
bench: $(STAMP) $(GEO) browser
	cd bench && ../$(PY) run_all.py

# The rollout as a video (kirollout/render/video.py):
# make video OUT=rollout.mp4 [FROM=2013-01-01] [TO=2016-12-31] [SECONDS=30] [LANG=en] [SIZE=1080x1080]
# (OUT=….gif for an animated GIF). LANG counts only when given on the command line (not the locale).
VIDEO_LANG := $(if $(filter command line,$(origin LANG)),$(LANG),de)
SIZE ?= 1920x1080
video: $(STAMP) $(GEO)
	@test -n "$(OUT)" || { echo "usage: make video OUT=path.mp4|path.gif [FROM=YYYY-MM-DD] [TO=YYYY-MM-DD] [SECONDS=30] [LANG=en] [SIZE=1080x1080]" >&2; exit 2; }
	$(PY) -m kirollout.render.video --out "$(OUT)" --lang "$(VIDEO_LANG)" --size "$(SIZE)" --from "$(FROM)" --to "$(TO)" --seconds "$(SECONDS)"

# One briefing pack for a trip (kirollout/render/trip.py): cover page + one page per district, in trip order;
# the format follows OUT's ending (.pdf, or .docx for an editable Word file).
# make briefing AGS=05358,05370 OUT=trip.pdf|trip.docx [DATES=2025-03-10,2025-03-11] [TIMES=09:30,14:00] [LANG=en]
briefing: $(STAMP) $(GEO)
	@test -n "$(OUT)" || { echo "usage: make briefing AGS=05358,05370 OUT=path.pdf|path.docx [DATES=…] [TIMES=…] [LANG=en]" >&2; exit 2; }
	$(PY) -m kirollout.render.besuchsmappe --ags "$(AGS)" --dates "$(DATES)" --times "$(TIMES)" --out "$(OUT)" --lang "$(VIDEO_LANG)"

clean:
	rm -rf $(VENV) geodata/build geodata/cache
