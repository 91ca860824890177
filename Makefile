# theodoi — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run test bench bench-rush lint fmt clean corpus

$(BIN)/theodoi: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(BIN)/theodoi

install: $(BIN)/theodoi

# The web server, the background worker (it reads uploaded plans and sends
# e-mail) and the reminder scheduler side by side; Ctrl-C stops all three.
run: install
	mkdir -p var
	$(BIN)/theodoi migrate --noinput
	THEODOI_DEMO=1 $(BIN)/theodoi demo
	trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	THEODOI_DEBUG=1 $(BIN)/theodoi worker & \
	THEODOI_DEBUG=1 $(BIN)/theodoi scheduler & \
	THEODOI_DEBUG=1 $(BIN)/theodoi runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench

# The rush of the 25th: 200 officers saving at once for 60 s over HTTP against
# `theodoi serve`, on SQLite then on PostgreSQL (RUSH_DATABASE_URL, created and
# dropped); minutes of the whole machine. Figures: docs/benchmarks.md, "Giờ cao điểm".
RUSH_ARGS ?=
RUSH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/theodoi_rush
bench-rush: install
	$(BIN)/python -m bench.rush $(RUSH_ARGS); sqlite=$$?; \
	$(BIN)/python -m bench.rush --database-url $(RUSH_DATABASE_URL) $(RUSH_ARGS); \
	pg=$$?; exit $$((sqlite || pg))

lint: install
	$(BIN)/ruff check theodoi tests bench scripts conftest.py
	$(BIN)/ruff format --check theodoi tests bench scripts conftest.py
	$(BIN)/lint-imports --no-cache

fmt: install
	$(BIN)/ruff format theodoi tests bench scripts conftest.py
	$(BIN)/ruff check --fix theodoi tests bench scripts conftest.py

clean:
	rm -rf $(VENV) var/*.sqlite3* .pytest_cache

# The importer's corpus: every real plan of tests/fixtures/corpus in every form,
# scored; the table goes into docs/importer.md.
corpus: install
	$(BIN)/python -m bench.corpus --write docs/importer.md
