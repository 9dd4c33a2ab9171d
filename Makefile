# Steady Path: the two commands are `make run` and `make test`. Both are safe to repeat.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: docs-images screenshots run test test-slow install install-dev migrate seed lint format check clean bench bench-analytics topology

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run pip only when a requirements file changes.
$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_portal --demo-users
	$(BIN)/python manage.py generate_quiz_responses --bulk --count 3000 --days 90 --if-empty -v0

run: seed
	@echo ""
	@echo "Steady Path is starting at http://$(HOST):$(PORT)/"
	@echo "Admin: http://$(HOST):$(PORT)/admin/  (demo logins above; password shown the first time only)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite, one worker process per core (TEST_WORKERS=0 runs in this process); a test file
# stays on one worker, so its module fixtures are set up once. The slow tests (load and the
# production topology: gunicorn, nginx, PostgreSQL, Redis) are `make test-slow`; CI runs both.
# PYTEST_ARGS passes options through, e.g. make test PYTEST_ARGS='tests/quiz -x'.
# The run's processes (the workers, the one that builds the template databases) import the same
# modules: they share compiled bytecode in __pycache__/ (ignored by git) even where the
# environment says not to write it, which saves each about 2 s, and the next run more.
TEST_WORKERS ?= auto
test: install-dev
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# One at a time: each starts servers that load both cores.
test-slow: install-dev
	PATH="$$PATH:/usr/sbin" $(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install-dev
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache db.sqlite3

# Fills 1,000,000 synthetic responses on SQLite and PostgreSQL and times the analytics report.
bench-analytics: install-dev
	$(BIN)/python bench/analytics_report.py --count 1000000

# gunicorn (production settings, 2 workers) against nginx serving the same HTML; needs wrk and nginx.
# With BAKERYDEMO_COPY=<a wagtail/bakerydemo checkout or git dir>, a full render beside its blog
# post too (bench/bakerydemo.py; never downloaded).
bench: install-dev
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { \
		echo "make bench needs wrk and nginx: sudo apt-get install wrk nginx"; exit 1; }
	$(BIN)/python bench/http_bench.py
	BAKERYDEMO_COPY="$(BAKERYDEMO_COPY)" $(BIN)/python bench/bakerydemo.py

# The production shape on this machine: nginx (deploy/nginx/steady-path.conf) in front of two
# gunicorn app servers on PostgreSQL and Redis, at http://127.0.0.1:8080/ until Ctrl-C.
# TOPOLOGY_ARGS=--no-redis runs the variant without Redis.
topology: install-dev
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "make topology needs nginx: sudo apt-get install nginx"; exit 1; }
	PATH="$$PATH:/usr/sbin" $(BIN)/python bench/topology.py $(TOPOLOGY_ARGS)

# Screenshots of the main patient screens at phone and desktop width, into screenshots/ (ignored).
screenshots: install-dev
	$(BIN)/python -m pytest -m slow tests/browser/test_screenshots.py

# Refresh the admin screenshots in docs/images/editors/ (the suite writes its copies to screenshots/).
docs-images: install-dev
	EDITOR_GUIDE_IMAGES=docs/images/editors $(BIN)/python -m pytest tests/browser/test_editor_guide.py
