# Stepwise: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The laptop defaults: SQLite, console email, Celery tasks in-process. Only ever with DEBUG on.
LOCAL := DEBUG=true

.PHONY: run serve test lint format bench loadtest pdf-preview clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

run: $(VENV)/.runtime
	@scripts/system-deps.sh run
	$(LOCAL) $(BIN)/python manage.py migrate --noinput
	$(LOCAL) $(BIN)/python manage.py seed_demo
	$(LOCAL) $(BIN)/python manage.py runserver 127.0.0.1:8000

# The production stack as a clinic runs it (DEBUG off, PostgreSQL and Redis from the environment):
# collect static files, migrate, then gunicorn, a Celery worker and beat until Ctrl-C. See scripts/serve.
serve: $(VENV)/.runtime
	@scripts/system-deps.sh run
	scripts/serve --prepare

test: $(VENV)/.dev
	@scripts/system-deps.sh test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Benchmarks print figures; they never run as tests. DATABASE_URL=postgresql://... to time PostgreSQL.
bench: $(VENV)/.dev
	@scripts/system-deps.sh run
	$(BIN)/python bench/plan_page.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/library_search.py
	$(BIN)/python bench/progress.py
	$(BIN)/python bench/dispatcher.py
	$(BIN)/python bench/caseload.py
	$(BIN)/python bench/session.py
	$(BIN)/python bench/signed_in.py
	$(BIN)/python bench/abuse.py
	$(BIN)/python bench/record_export.py

# The production stack (gunicorn, DEBUG off, hashed static files, PostgreSQL, Redis) on a seeded clinic in its own
# database (stepwise_load, recreated each run), driven by locust at 1 and 20 users. About 15 minutes; see bench/loadtest.py.
loadtest: $(VENV)/.dev
	@scripts/system-deps.sh run
	$(BIN)/python bench/loadtest.py

# PDFs of a sample safety plan and wallet card, with a PNG of each first page, in artifacts/.
pdf-preview: $(VENV)/.runtime
	@scripts/system-deps.sh test
	$(LOCAL) $(BIN)/python manage.py pdf_previews --out artifacts

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles artifacts .pytest_cache .mypy_cache .ruff_cache
