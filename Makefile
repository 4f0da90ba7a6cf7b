# Multaqa — `make demo` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=

.PHONY: demo test lint code venv system-deps system-deps-test assets messages serve clean backup restore worker bench

# uv installs the pinned requirements (and compiles them, on every core) in a third of pip's
# time; pip does it alone when uv cannot be had for this machine.
UV := uv==0.13.9

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Python 3.11 with venv is needed ($(PYTHON))."; exit 1; }
	@if $(BIN)/pip install -q --disable-pip-version-check "$(UV)" >/dev/null 2>&1; then \
	  $(BIN)/uv pip install -q --python $(BIN)/python --compile-bytecode -r requirements-dev.txt; \
	else \
	  echo "uv could not be installed; installing with pip."; \
	  $(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt; \
	fi
	@touch $@

venv: $(VENV)/.installed

system-deps:
	@bash scripts/system-deps.sh demo

system-deps-test:
	@bash scripts/system-deps.sh test

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: venv system-deps
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

# The suite keeps the compiled modules and the tests as pytest rewrote them (__pycache__/,
# ignored by git) even where the environment asks Python to write none: otherwise every test
# process, every server a test starts and the second CI leg compile them all again (collecting
# the suite: 12.9 s, 5.1 s once they are kept).
test: venv system-deps-test node_modules/.installed
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# The code a demo staff account's authenticator app shows now: make code ACCOUNT=admin
code: venv
	@$(MANAGE) second_factor_code $(ACCOUNT)

# Runs background work (emails, long PDFs, large imports) from the database queue until stopped;
# the site must queue there too (TASKS_BACKEND=core.tasks.DatabaseQueue, see README).
worker: venv
	TASKS_BACKEND=$${TASKS_BACKEND:-core.tasks.DatabaseQueue} $(MANAGE) db_worker --queue-name '*' --no-reload

# Rebuilds the committed font files from the npm package.
assets: node_modules/.installed
	node scripts/build-assets.mjs

# Refreshes the translation catalogues after strings change.
messages: venv
	$(BIN)/python scripts/messages.py

# Backs up the database and the media into one archive in BACKUP_DIR (var/backups by default);
# KEEP=14 then deletes all but the newest 14 archives there.
backup:
	$(MANAGE) backup $(if $(KEEP),--keep $(KEEP))

# Restores BACKUP=path (by default the newest archive in BACKUP_DIR) after checking it;
# FORCE=1 restores without asking.
restore:
	$(MANAGE) restore $(BACKUP) $(if $(FORCE),--noinput)

# Every scenario in bench/, one table (bench/README.md): SQLite; POSTGRES=1 adds PostgreSQL,
# BENCH_DATABASES=postgres chooses; QUICK=1 runs each at a smoke-test size.
BENCH_DATABASES ?= sqlite$(if $(POSTGRES),$(comma)postgres)
comma := ,
bench: venv
	@bash scripts/system-deps.sh bench
	$(BIN)/python bench/run.py --databases $(BENCH_DATABASES) $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) node_modules var
