# make run: set up .venv and start Taizhang.  make test: set up and run the checks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint bench bench-gui translations package clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.run-installed $@

run: $(VENV)/.run-installed
	QT_QPA_PLATFORM= $(BIN)/python main.py $(ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

# After changing any tr() text: update the .ts files, translate them (Qt Linguist:
# $(BIN)/pyside6-linguist), then build the .qm files that the program loads. Chinese
# translates every text; English (the source language) only gives the texts with a count
# (%n) their singular and plural forms.
TS := resources/translations/taizhang_zh_CN.ts
EN_TS := resources/translations/taizhang_en.ts
translations: $(VENV)/.dev-installed
	$(BIN)/pyside6-lupdate gui/*.py -ts $(TS) -no-obsolete
	$(BIN)/pyside6-lupdate gui/*.py -ts $(EN_TS) -pluralonly -no-obsolete
	$(BIN)/pyside6-lrelease $(TS) -qm $(TS:.ts=.qm)
	$(BIN)/pyside6-lrelease $(EN_TS) -qm $(EN_TS:.ts=.qm)

bench: $(VENV)/.dev-installed
	$(BIN)/python -m bench.run_bench
	$(BIN)/python -m bench.exchange_bench
	$(BIN)/python -m bench.summary_bench

bench-gui: $(VENV)/.dev-installed
	$(BIN)/python -m bench.gui_bench

# The program folder dist/Taizhang/ and dist/Taizhang-<version>-linux-x86_64.zip
# (PyInstaller; its work folder is .build-work/). Windows: build\package.ps1.
$(VENV)/.build-installed: requirements.txt requirements-build.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-build.txt
	touch $@

package: $(VENV)/.build-installed
	$(BIN)/python build/package.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache dist .build-work
