# modelhub: `make run` to try it, `make test` before you push.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: install run test lint format bench clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# The web server and the background worker (webhook deliveries) together: Ctrl-C stops both.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_demo
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py run_worker --no-reload & worker=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

test: lint
	$(BIN)/pytest

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Bench-only peers (Django REST framework): installed here, not by `make install`/`make test`.
$(BIN)/.bench-installed: requirements-bench.txt $(BIN)/.installed
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@

# `make bench` exits 0 when it ran (missed targets in one summary line); STRICT=1: non-zero on a miss.
# Size knobs: ROWS=20000 (models seeded, default 100,000), ITERATIONS=50 (A/B rounds, default 200),
# BENCH_ARGS="--only patch,gunicorn" (see `python -m tests.bench --help`).
# SCALE=hub: the hub-scale bench instead (2,000,000 models over 200,000 namespaces, loaded once
# and kept: see tests/bench/hub); BENCH_ARGS="--hub-sizes 20000,200000" for smaller sizes.
bench: install $(BIN)/.bench-installed
	$(BIN)/python -m tests.bench $(if $(STRICT),--strict) $(if $(ROWS),--rows $(ROWS)) $(if $(SCALE),--scale $(SCALE)) \
		$(if $(ITERATIONS),--iterations $(ITERATIONS)) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles tests/artifacts
