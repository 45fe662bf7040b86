# The portal's everyday commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# Tests need a key; the real one comes from the environment in production.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-insecure-key-for-tests-only}

.DEFAULT_GOAL := help
.PHONY: help install run test lint format messages compilemessages check-deploy security bandit audit bench soak mutants backup restore clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The front-end packages (HDS styles, htmx, and the browser tests' axe-core and HTML checker)
# come from npm at build time; Django serves them from node_modules.
NODE_MODULES := node_modules/.package-lock.json
$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(INSTALLED) $(NODE_MODULES) compilemessages ## Create the virtual environment and install the project

compilemessages: $(INSTALLED) ## Compile the translation catalogues (pure Python, no gettext needed)
	@$(BIN)/pybabel -q compile --directory locale --domain django

run: install ## Set up the demo portal (SQLite, eager Celery, console e-mail) and serve it
	@mkdir -p data
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo --accounts
	@echo ""
	@echo "  The portal:      http://127.0.0.1:$(PORT)/"
	@echo "  Demo accounts:   strategy, coordinator, culture, urban (password: demo)"
	@echo ""
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install ## Run the whole test suite (PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL are set)
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: install ## Check style, Django's checks and migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/python manage.py check
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

format: install ## Format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Update the translation catalogues from the code (needs GNU gettext)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages --locale fi --locale sv --locale en --no-obsolete \
	  --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'staticfiles/*'

# Production shares one cache between its processes; the check refuses a cache of each its own.
check-deploy: install ## Django's deployment checks with production settings
	SECRET_KEY=$$(LC_ALL=C tr -dc 'a-zA-Z0-9' </dev/urandom | head -c 60) ALLOWED_HOSTS=portal.example.com \
	  CACHE_URL=$${CACHE_URL:-rediscache://127.0.0.1:6379/1} \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

security: bandit audit ## Security scanners: bandit on the code, pip-audit on the installed packages

bandit: install ## Scan the code for security problems (settings in pyproject.toml)
	$(BIN)/bandit -q -r helsinki_intl networks partnerships eu_projects events -c pyproject.toml

# --strict: a package whose vulnerability data cannot be fetched fails the audit instead of
# being skipped, so an unreachable vulnerability service never passes for a clean audit.
# No vulnerability is ignored; an `--ignore-vuln ID` added here needs a comment saying why.
audit: install ## Check the installed packages for known vulnerabilities (needs the network)
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off

# The benchmark talks to this machine's PostgreSQL (BENCH_DATABASE_SERVER, databases hi_bench1 and
# hi_bench100); benchmarks/README.md says what it measures and which settings it takes.
bench: install ## Benchmark the portal at scale 1 and 100 against floors of the same run (~10 min)
	$(BIN)/python -m benchmarks.run

soak: install ## Eight users for ten minutes at scale 100: zero errors, flat worker memory
	$(BIN)/python -m benchmarks.soak

# Backups of the PostgreSQL database named by DATABASE_URL, in pg_dump's custom format (needs the
# PostgreSQL client tools). The portal stores no files of its own: the database is all there is.
BACKUP_DIR ?= backups
backup: ## Dump the database (DATABASE_URL) into $(BACKUP_DIR)/portal-<time>.dump
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the PostgreSQL database to back up"; exit 1; }
	@mkdir -p "$(BACKUP_DIR)"
	@file="$(BACKUP_DIR)/portal-$$(date -u +%Y%m%dT%H%M%SZ).dump"; \
	  pg_dump --format=custom --no-owner --no-privileges --file="$$file" "$$DATABASE_URL" && echo "$$file"

restore: ## Restore BACKUP=<file> into the database (DATABASE_URL), replacing what is there; stop the portal first
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the PostgreSQL database to restore into"; exit 1; }
	@test -f "$(BACKUP)" || { echo "Set BACKUP to a file made by make backup"; exit 1; }
	pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
	  --dbname="$$DATABASE_URL" "$(BACKUP)"

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) node_modules data/*.sqlite3 staticfiles

# Mutation testing of the modules that hold the rules (see [tool.mutmut] in pyproject.toml and the
# README); not part of CI: it takes tens of minutes. `mutmut results` lists the survivors after.
mutants: install ## Mutation testing of the rules' modules (on demand, about half an hour here)
	rm -rf mutants
	$(TEST_ENV) $(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results
