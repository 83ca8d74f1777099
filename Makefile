.PHONY: run test lint bench
run:    ## set up and run the app on SQLite (http://127.0.0.1:5000)
	scripts/run
test:   ## set up and run every test (SQLite, PostgreSQL, browser)
	scripts/test
lint:
	scripts/setup --dev && .venv/bin/ruff check . && .venv/bin/ruff format --check .
bench:
	scripts/setup --dev && .venv/bin/python bench/eval_suggestions.py && .venv/bin/python bench/bench_export.py && .venv/bin/python bench/bench_suggest.py
