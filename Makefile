# Two commands matter: `make run` (the product on SQLite with demo data) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint worker bench clean venv dev-venv system-deps messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

venv: $(VENV)/.runtime
dev-venv: $(VENV)/.dev

run: venv
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py setup_schedule
	@echo ""
	@echo "  Open http://127.0.0.1:$(PORT)/  — demo logins (password demo12345):"
	@echo "    admin (platform admin), street (泉塘街道 staff), staff (泉韵社区 staff),"
	@echo "    leader (五老红 team leader), volunteer (五老红 member)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# With REDIS_URL set: a Celery worker and the beat scheduler in one process.
worker: venv
	@test -n "$$REDIS_URL" || (echo "Set REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379/0 make worker"; exit 1)
	$(BIN)/celery -A config worker --beat --loglevel=INFO -Q default,notifications,stats

system-deps:
	bash scripts/install-system-deps.sh

lint: dev-venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: dev-venv
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=static --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

# ruff; Django's checks; the suite on SQLite (with the browser tests); the suite again on a
# throwaway PostgreSQL + Redis (with a real Celery worker) started on loopback.
test: dev-venv system-deps lint
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run -v1
	DEBUG=0 SECRET_KEY=ci-check-deploy-$$(date +%s)-abcdefghijklmnopqrstuvwxyz0123456789 ALLOWED_HOSTS=example.org \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	env -u DATABASE_URL -u REDIS_URL $(BIN)/pytest -n 2 $(PYTEST_ARGS)
	scripts/with-services.sh $(BIN)/pytest -n 2 -m "not browser" $(PYTEST_ARGS)

bench: dev-venv
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 test-artefacts
