# Two commands matter to a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The Makefile is the developer's entry point: development mode unless the caller says otherwise.
# (The test settings force production-like DEBUG=false whatever this says.)
export DEBUG ?= true

.DEFAULT_GOAL := help
.PHONY: help run test system-packages install lint format messages messages-compile messages-check \
        migrations-check check worker beat serve-gunicorn bench bench-explain faults clean

help:
	@echo "make run     - set up and serve the portal with the seed data at http://$(HOST):$(PORT)/"
	@echo "make test    - install what the tests need and run the whole suite"
	@echo "make check   - lint, migrations check, catalog check and tests (what CI runs)"
	@echo "make messages-check - fail on an invalid, untranslated or fuzzy message catalog"
	@echo "make worker / make beat - Celery worker / scheduler (full-stack mode, REDIS_URL set)"

# The virtual environment is rebuilt when the pinned requirements change.
$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

# GNU gettext compiles when present (and checks formats); Babel does it on a bare machine.
messages-compile: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=.venv --ignore=staticfiles -v 0; \
	else \
		$(MANAGE) compilecatalogs; \
	fi

# Debian libraries the portal loads at run time (WeasyPrint's Pango for the PDF records) and
# poppler-utils, which the PDF tests read with. Installed only when missing, and only where
# this user can (root with apt-get); elsewhere it says what to install and goes on.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing:$$missing"; \
			DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $$missing \
			|| { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; }; \
		else \
			echo "note: PDF records need these packages:$$missing (apt-get install as root)"; \
		fi; \
	fi

run: system-packages messages-compile
	mkdir -p staticfiles media
	$(MANAGE) migrate --no-input
	$(MANAGE) seed
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(MANAGE) ensure_admin
	$(MANAGE) runserver $(HOST):$(PORT)

test: system-packages messages-compile
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the catalogs from the source, then compile them.
messages: install
	$(MANAGE) makemessages -l km -l lo -l vi --ignore=.venv --ignore=staticfiles --ignore=tests --no-location
	$(MANAGE) makemessages -d djangojs -l km -l lo -l vi --ignore=.venv --ignore=staticfiles --ignore=tests --ignore="*/vendor/*" --no-location
	$(MAKE) messages-compile

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

# Every catalog, ours (locale/) and the completed third-party ones (locale/django/), must be
# valid and complete: an untranslated or fuzzy entry shows English (or a guess) to a reader.
messages-check:
	@command -v msgfmt >/dev/null || { echo "msgfmt missing: apt-get install gettext"; exit 1; }
	@catalogs=$$(find locale -name '*.po' | sort); \
	test -n "$$catalogs" || { echo "no catalogs under locale/"; exit 1; }; \
	failed=0; \
	for po in $$catalogs; do \
		stats=$$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$$po" 2>&1) || failed=1; \
		echo "$$po: $$stats"; \
		case "$$stats" in *untranslated*|*fuzzy*) failed=1;; esac; \
	done; \
	test $$failed = 0 || { echo "messages-check: incomplete or invalid catalogs above"; exit 1; }

check: lint migrations-check messages-check test

# Full-stack mode: these need REDIS_URL (and normally DATABASE_URL) in the environment.
worker: install
	$(VENV)/bin/celery -A accsm_portal worker --loglevel=INFO --concurrency=2 \
		--queues=$${CELERY_TASK_DEFAULT_QUEUE:-celery},$${WEBHOOKS_DELIVERY_QUEUE:-webhooks}

beat: install
	$(VENV)/bin/celery -A accsm_portal beat --loglevel=INFO --schedule=/tmp/accsm-celerybeat-schedule

serve-gunicorn: install
	$(MANAGE) collectstatic --no-input -v 0
	$(VENV)/bin/gunicorn accsm_portal.wsgi:application --bind $(HOST):$(PORT) --workers 2

bench: install
	$(PY) -m bench

# The query plans of the benchmark's hot requests on its data set (docs/performance.md).
bench-explain: install
	$(PY) -m bench.explain

# Faults on the full stack (bench/faults.py): starts its own PostgreSQL, Redis, gunicorn and
# Celery workers on free ports in a temporary folder (never the machine's), breaks them under
# load, prints one line per scenario, and stops them all; fails if any criterion is missed.
faults: install messages-compile
	$(PY) -m bench.faults

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
