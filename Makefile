# The portal's everyday commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# The lock files pin every Python package with its hashes: base.txt what the portal runs on (the
# image installs it), dev.txt that and the dev extra (make install, so CI). `make lock` writes them.
LOCKS := requirements/base.txt requirements/dev.txt
# Tests need a key; the real one comes from the environment in production.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-insecure-key-for-tests-only}

.DEFAULT_GOAL := help
.PHONY: help install lock run test lint format messages compilemessages check-deploy security bandit audit bench soak mutants backup restore clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# pip refuses an editable install in hash-checking mode, so the project itself comes second,
# without dependencies, and built by the locked setuptools rather than one fetched for the build.
$(INSTALLED): pyproject.toml $(LOCKS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# The front-end packages (HDS styles, htmx, and the browser tests' axe-core and HTML checker)
# come from npm at build time; Django serves them from node_modules.
NODE_MODULES := node_modules/.package-lock.json
$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(INSTALLED) $(NODE_MODULES) compilemessages ## Create the virtual environment and install the project

# The locks are resolved for the Python of the Dockerfile's base image (3.11, as this machine's),
# by pip-tools in a throwaway virtual environment: the tool is none of the portal's packages.
# Pins are kept unless pyproject.toml no longer allows them; UPGRADE=<package> (several, space
# separated) moves those to their newest allowed release, UPGRADE=all every package. dev.txt is
# resolved first, for everything; base.txt is its runtime part at the same versions, so CI tests
# the versions the image runs. --allow-unsafe pins pip and setuptools too, and
# --build-deps-for editable brings in setuptools, the project's build backend. --no-strip-extras
# pins a package with the extras others ask it with: pip's hash-checking mode otherwise looks for
# those extras in the newest release, and the install fails as soon as there is a newer one.
LOCK_PYTHON := $(shell sed -n 's/^FROM python:\([0-9]*\.[0-9]*\).*/\1/p' Dockerfile)
PIP_TOOLS := pip-tools==7.7.0 pip==26.3
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --no-strip-extras --build-deps-for editable \
  --no-emit-index-url --no-emit-find-links
UPGRADE_FLAGS := $(if $(filter all,$(UPGRADE)),--upgrade,$(addprefix --upgrade-package ,$(UPGRADE)))

lock: ## Update the lock files from pyproject.toml; UPGRADE=<package> or UPGRADE=all moves pins on
	@$(PYTHON) -c 'import sys; v = "%d.%d" % sys.version_info[:2]; sys.exit(v != "$(LOCK_PYTHON)" and \
	  f"The locks are for Python $(LOCK_PYTHON) (the image), this is {v}: PYTHON=python$(LOCK_PYTHON) make lock")'
	@tools=$$(mktemp -d) && trap 'rm -rf "$$tools"' EXIT && \
	  $(PYTHON) -m venv "$$tools" && "$$tools/bin/pip" install --quiet $(PIP_TOOLS) && \
	  export CUSTOM_COMPILE_COMMAND="make lock" && \
	  "$$tools/bin/pip-compile" $(LOCK_FLAGS) $(UPGRADE_FLAGS) --extra dev \
	    --output-file requirements/dev.txt pyproject.toml && \
	  "$$tools/bin/pip-compile" $(LOCK_FLAGS) --constraint requirements/dev.txt \
	    --output-file requirements/base.txt pyproject.toml

compilemessages: $(INSTALLED) ## Compile the translation catalogues (pure Python, no gettext needed)
	@$(BIN)/pybabel -q compile --directory locale --domain django

run: install ## Set up the demo portal (SQLite, eager Celery, console e-mail) and serve it
	@mkdir -p data
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo --accounts
	@echo ""
	@echo "  The portal:      http://127.0.0.1:$(PORT)/"
	@echo "  Demo accounts:   strategy, coordinator, culture, urban, majorevents (password: demo)"
	@echo ""
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The tests run in a worker a core (pytest-xdist), each worker with its own test database and its
# own Redis database for Celery (tests/conftest.py). PYTEST_WORKERS=0 runs them all in this process.
PYTEST_WORKERS ?= auto
test: install ## Run the whole test suite (PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL are set)
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

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
	$(BIN)/bandit -q -r . -c pyproject.toml

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
