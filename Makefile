# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install install-dev migrate demo localstripe serve clean

run: install migrate demo localstripe serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changed since the last install.
$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --no-input

# Without DEBUG: Django would record (and format again) every one of the load's queries, a
# tenth of its time.
demo: migrate
	DJANGO_DEBUG=0 $(BIN)/python manage.py load_demo_data

# With no STRIPE_SECRET_KEY, payments go to a localstripe server (a fake Stripe) on
# 127.0.0.1:8420, started in the background (or reused) with this site's webhook registered:
# pay with the test card 4242 4242 4242 4242. Its log: .venv/localstripe.log.
localstripe: install
ifeq ($(strip $(STRIPE_SECRET_KEY)),)
	@$(BIN)/python -c "import localstripe" 2>/dev/null || \
		$(BIN)/pip install --quiet "$$(grep '^localstripe==' requirements-dev.txt)"
	$(BIN)/python manage.py localstripe --port 8420 --detach --log $(VENV)/localstripe.log \
		--webhook-url http://127.0.0.1:$(PORT)/payments/stripe/webhook/
endif

serve:
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-logo

# The whole suite on the database DATABASE_URL names (SQLite when unset).
test: install-dev lint
	$(BIN)/python -m pytest -n 2 -q

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles .pytest_cache
