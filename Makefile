# The headache diary. `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app diary
CHROMIUM ?= /usr/bin/chromium

.PHONY: run demo-code serve test test-dates test-postgres lint translations extract-messages \
	update-messages bench bench-load bench-transfer lighthouse clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/activate

translations: $(BIN)/activate
	$(BIN)/pybabel compile -d translations

run: $(BIN)/activate translations
	DIARY_INSECURE_COOKIES=1 $(FLASK) db upgrade
	DIARY_INSECURE_COOKIES=1 $(FLASK) seed-demo
	@# Reminders due every 5 minutes in the background, their e-mails printed here.
	MAIL_BACKEND=console $(FLASK) reminders loop --every 300 & loop=$$!; \
	  trap 'kill $$loop' EXIT; DIARY_INSECURE_COOKIES=1 $(FLASK) run --host 127.0.0.1 --port 5000

# The demo physiotherapist's current two-step code, for logging in without an authenticator app.
demo-code: $(BIN)/activate
	@$(FLASK) demo-code

serve: $(BIN)/activate translations
	@[ -n "$$SECRET_KEY" ] || echo "warning: SECRET_KEY is not set; instance/secret_key is used," \
	  "which only works with a single app server" >&2
	$(FLASK) db upgrade
	WEB_CONCURRENCY=$${WEB_CONCURRENCY:-4} $(BIN)/gunicorn -c deploy/gunicorn.conf.py

check-chromium:
	@test -x $(CHROMIUM) || { echo "The browser tests need Debian's chromium at $(CHROMIUM)."; \
	  echo "Install it with:  sudo apt-get install -y chromium"; exit 1; }

lint: $(BIN)/activate
	$(BIN)/ruff check .

test: $(BIN)/activate check-chromium lint translations
	$(BIN)/python -m pytest

# The date-sensitive tests with the clock fixed at month ends, 29 February, both DST changes
# and New Year (SQLite).
test-dates: $(BIN)/activate translations
	.ci/fixed-dates

# The whole suite again on a throw-away PostgreSQL cluster (installs postgresql when missing).
test-postgres:
	.ci/with-postgres $(MAKE) test

extract-messages: $(BIN)/activate
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output --omit-header .

update-messages: extract-messages
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

bench: $(BIN)/activate
	$(BIN)/python bench/analysis.py
	$(BIN)/python bench/dashboard.py
	$(BIN)/python bench/review.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/fhir_export.py
	$(BIN)/python bench/outcomes.py

# gunicorn + wrk, 20 s per endpoint (needs Debian's wrk).
bench-load: $(BIN)/activate
	bench/load.sh

clean:
	rm -rf $(VENV) instance/diary.sqlite* translations/*/LC_MESSAGES/*.mo

# Lighthouse (npm, pinned in the script) at phone size on login, Today, dashboard and caseload.
lighthouse: $(BIN)/activate check-chromium
	bench/lighthouse.sh

# Bytes and requests of Today and the quick log in chromium, cold and with a warm cache.
bench-transfer: $(BIN)/activate check-chromium translations
	$(BIN)/python bench/transfer.py
