# Everything a reader or CI runs. See the README: `make run` and `make test`.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
# Material for MkDocs prints a notice about its successor at every build.
export NO_MKDOCS_2_WARNING := 1
# Hypothesis keeps its examples at the root, not in a step's folder, where
# they would show in the diff between two steps.
export HYPOTHESIS_STORAGE_DIRECTORY := $(CURDIR)/.hypothesis
BIN := $(CURDIR)/$(VENV)/bin
# What the test targets install first (`make test-matrix` brings its own).
TESTS_NEED := $(VENV)/.dev-installed

step1 := step1_provider
step2 := step2_middleware
step3 := step3_protect_view
step4 := step4_resource_server

MERMAID := 11.17.2
AXE := 4.14.1

.PHONY: help run test lint test-step1 test-step2 test-step3 test-repo docs docs-build \
	test-browser screenshots bench clean test-step4 run-resource-server test-postgres \
	bench-resource-server test-recipe test-matrix

# List the targets, each with the first sentence of the comment above it.
help:
	@awk '/^# / { c = c " " substr($$0, 3); next } \
		/^[a-z][-a-z0-9 ]*:([^=]|$$)/ && c { split($$0, t, ":"); sub(/[.:] .*/, ".", c); \
			printf "%-34s%s\n", t[1], c } \
		{ c = "" }' $(firstword $(MAKEFILE_LIST))

# Step 3's server with a demo user, application and token, on 127.0.0.1:8000 (or PORT=…).
run: $(VENV)/.run-installed
	cd $(step3) && $(BIN)/python manage.py migrate --noinput
	cd $(step3) && $(BIN)/python manage.py demo --base-url http://127.0.0.1:$(PORT)
	cd $(step3) && $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The linter, every step's tests (one pytest process per step), the
# repository checks and a strict build of the documentation site: two at a
# time, the longest first, and every one even when another fails.
test: $(VENV)/.dev-installed
	@$(MAKE) --no-print-directory --keep-going -j2 --output-sync=target \
		test-repo test-step3 test-recipe test-step4 test-step2 test-step1 lint docs-build

# Ruff's linter, and its formatter's check, as CI runs them.
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# One step's tests, run from inside the step folder: pytest-django finds its
# manage.py there, so `mysite` is that step's project and no other.
test-step1 test-step2 test-step3: test-step%: $(TESTS_NEED)
	cd $(step$*) && $(BIN)/python -m pytest ../tests/$(step$*) $(tokenauth-tests-$*) $(PYTEST_ARGS)

# Step 4's tests, the same way, on SQLite with a stand-in provider (see test-postgres).
test-step4: test-step%: $(TESTS_NEED)
	cd $(step$*) && $(BIN)/python -m pytest ../tests/$(step$*) $(tokenauth-tests-$*) $(PYTEST_ARGS)

# The tests of the tokenauth app, in every step that has the app.
tokenauth-tests-2 := ../tests/tokenauth
tokenauth-tests-3 := ../tests/tokenauth
tokenauth-tests-4 := ../tests/tokenauth

# Checks of the repository itself (step diffs, docs). They run without
# pytest-django, whose settings option pytest would otherwise warn about.
test-repo: $(VENV)/.dev-installed
	$(BIN)/python -m pytest tests/repo -p no:django -W ignore::pytest.PytestConfigWarning $(PYTEST_ARGS)

# The slower recipe runs, marked `matrix`, wait for `make test-matrix`,
# which empties RECIPE_MARKS.
RECIPE_MARKS ?= not matrix

# The "Use it in your project" page, followed from `django-admin startproject`
# in a temporary folder, with this virtual environment.
test-recipe: $(TESTS_NEED)
	$(BIN)/python -m pytest tests/recipe -p no:django -W ignore::pytest.PytestConfigWarning -m "$(RECIPE_MARKS)" $(PYTEST_ARGS)

# Every step's tests and the recipe, once per Django of the tested matrix
# (noxfile.py), each in a fresh virtual environment: each session runs the
# targets above with BIN set to its own environment and TESTS_NEED emptied.
# Python 3.13 comes from pyenv where it is there; NOX_ARGS="-s django-6.1.3"
# runs one session.
test-matrix: $(VENV)/.dev-installed
	PATH="$(firstword $(wildcard $(shell pyenv root 2>/dev/null)/versions/3.13*/bin)):$$PATH" \
		$(BIN)/nox $(NOX_ARGS)

# The tutorial site on 127.0.0.1:8001, beside `make run` on 8000.
docs: $(VENV)/.dev-installed docs/javascripts/mermaid.min.js
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8001

# The site and a person's path in a real browser, Debian's Chromium driven by
# Playwright (apt-get install chromium, at /usr/bin/chromium), with Mermaid and
# axe-core, the accessibility checker, from npm.
test-browser: $(VENV)/.browser-installed docs/javascripts/mermaid.min.js tests/browser/axe.min.js
	$(BIN)/python -m pytest tests/browser -p no:django -W ignore::pytest.PytestConfigWarning $(PYTEST_ARGS)

# What token authentication costs, side by side with sessions, and the token
# check with up to 10⁶ tokens in the table: prints tables. It saves them in
# bench/results.md, which git ignores; the performance page shows
# docs_src/performance/results.md. It needs wrk and PostgreSQL
# (apt-get install wrk postgresql).
bench: $(VENV)/.postgres-installed
	@command -v wrk > /dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/token_cost.py --write

# Step 4's provider and resource server, each under gunicorn on its own
# PostgreSQL database, with Redis (apt-get install postgresql redis-server);
# prints a curl command.
run-resource-server: $(VENV)/.postgres-installed
	$(BIN)/python -m scripts.topology

# Step 4 over real sockets, both servers live, on PostgreSQL and Redis, a busy,
# hung and attacked provider among them; then a load run of 10 000 requests
# with wrk (apt-get install postgresql redis-server wrk).
test-postgres: $(VENV)/.postgres-installed
	$(BIN)/python -m pytest tests/postgres -p no:django -W ignore::pytest.PytestConfigWarning $(PYTEST_ARGS)

# What introspection costs, next to step 3's local check; step 4 beside DOT's
# stock validator when the provider is slow, busy, hung or down; throughput
# with one worker and with two, into bench/resource_server_results.md (needs
# PostgreSQL, Redis and wrk; about eight minutes).
bench-resource-server: $(VENV)/.postgres-installed
	$(BIN)/python bench/resource_server.py --write

# Step 1's screenshots, taken again into docs/images/ on a person's path through step 3
# (tests/browser/person_path.py, which `make test-browser` walks too).
screenshots: $(VENV)/.browser-installed
	$(BIN)/python -m tests.browser.person_path docs/images

# Mermaid draws the site's diagrams; it comes from the npm registry, so that
# the site needs no CDN. Only `make docs` and `make test-browser` need it (and npm).
docs/javascripts/mermaid.min.js:
	mkdir -p $(@D)
	cd $(@D) && npm pack --silent mermaid@$(MERMAID) > /dev/null \
		&& tar -xzf mermaid-$(MERMAID).tgz --strip-components=2 package/dist/mermaid.min.js \
		&& rm mermaid-$(MERMAID).tgz

# axe-core checks every page of the site for accessibility in the browser tests;
# it comes from the npm registry like Mermaid, and is never part of the site.
tests/browser/axe.min.js:
	cd $(@D) && npm pack --silent axe-core@$(AXE) > /dev/null \
		&& tar -xzf axe-core-$(AXE).tgz --strip-components=1 package/axe.min.js \
		&& rm axe-core-$(AXE).tgz

# A strict build of the site, into site/.
docs-build: $(VENV)/.dev-installed
	$(BIN)/mkdocs build --strict

$(VENV)/.python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed: try make PYTHON=python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	touch $@

$(VENV)/.run-installed: requirements.txt | $(VENV)/.python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/.python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

$(VENV)/.postgres-installed: requirements.txt requirements-dev.txt requirements-postgres.txt | $(VENV)/.python
	$(BIN)/python -m pip install --quiet -r requirements-postgres.txt
	touch $@ $(VENV)/.dev-installed $(VENV)/.run-installed

$(VENV)/.browser-installed: requirements.txt requirements-dev.txt requirements-browser.txt | $(VENV)/.python
	$(BIN)/python -m pip install --quiet -r requirements-browser.txt
	touch $@ $(VENV)/.dev-installed $(VENV)/.run-installed

# Remove what the targets create: the virtual environment, the built site,
# screenshots, Mermaid, axe-core, the steps' databases, caches and benchmark results.
clean:
	rm -rf $(VENV) site screenshots bench/results.md docs/javascripts/mermaid.min.js \
		tests/browser/axe.min.js .pytest_cache .ruff_cache .hypothesis .nox
	rm -f $(step1)/db.sqlite3 $(step2)/db.sqlite3 $(step3)/db.sqlite3 \
		$(step4)/db.sqlite3 $(step4)/resource_server.sqlite3 bench/resource_server_results.md
	find . -name __pycache__ -type d -prune -exec rm -rf {} + -o -name '*.pyc' -delete
