# The two commands anyone needs: `make book` and `make test`. Everything else is set up on demand.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JB := $(BIN)/jupyter-book
TEX_PACKAGES := texlive-xetex latexmk texlive-lang-cyrillic texlive-fonts-recommended fonts-dejavu poppler-utils
BROWSER_PACKAGES := chromium chromium-driver
JB_FLAGS := -W -n --keep-going

.PHONY: help book html pdf test lint unit nbval refresh bench clean setup tex browser browser-test bytecode

help:
	@echo "make book     set up .venv, build the HTML book (warning-free) and the PDF"
	@echo "make test     set up .venv, lint (ruff), run the unit tests, doctests and pytest --nbval over the notebooks"
	@echo "make refresh  re-write the assessed-corpus snapshot and re-execute every notebook in place (after analysis/ or seeds/ changed)"
	@echo "make browser-test  open the built HTML (make html) in headless Chromium: console, network, search, links"
	@echo "make html | make pdf | make bench | make clean"

# --- environment -----------------------------------------------------------------------------
$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# The package's bytecode, written ahead: where PYTHONDONTWRITEBYTECODE is set (as on the CI machines)
# Python never caches it, and every process of a build or a test run (the kernel server, each stock
# kernel, each subprocess) compiled the whole package again: about 0.3 s of CPU each. Only what
# changed since the last run is compiled.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q analysis book/_ext

# TeX for the PDF: installed from Debian when running as root, otherwise a clear message.
tex:
	@if command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v pdftotext >/dev/null \
	    && kpsewhich t2aenc.def >/dev/null && test -n "$$(fc-list 'DejaVu Serif' family)"; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing TeX for the PDF: $(TEX_PACKAGES)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(TEX_PACKAGES); \
	else \
	  echo "The PDF needs TeX. Run:  sudo apt-get install -y --no-install-recommends $(TEX_PACKAGES)"; exit 1; \
	fi

# Chromium for the browser test: installed from Debian when running as root, otherwise a clear message.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium for the browser test: $(BROWSER_PACKAGES)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(BROWSER_PACKAGES); \
	else \
	  echo "The browser test needs Chromium. Run:  sudo apt-get install -y --no-install-recommends $(BROWSER_PACKAGES)"; exit 1; \
	fi

# --- the book --------------------------------------------------------------------------------
book: html pdf
	@echo "HTML: $(CURDIR)/_build/html/index.html  (open it in a browser; it works offline)"
	@echo "PDF:  $(CURDIR)/_build/latex/book.pdf"

# A parallel build's workers share the execution cache (jupyter-cache), and now and then one reads a
# cached notebook another is still writing ("Notebook file does not exist for cache record"): that race,
# and only it, gets one more build with the execution cache emptied. Any other failure stands.
CACHE_RACE := Notebook file does not exist for cache record

html: $(STAMP) bytecode
	@mkdir -p _build
	@if ! $(JB) build $(JB_FLAGS) . 2>&1 | tee _build/html-build.log; then \
	  if grep -q "$(CACHE_RACE)" _build/html-build.log; then \
	    echo "The execution cache raced (see above): building once more with the cache emptied"; \
	    rm -rf _build/.jupyter_cache; $(JB) build $(JB_FLAGS) .; \
	  else exit 1; fi; \
	fi

pdf: $(STAMP) bytecode tex
	$(JB) build $(JB_FLAGS) --builder pdflatex .
	@test -s _build/latex/book.pdf && echo "PDF: $(CURDIR)/_build/latex/book.pdf"

# --- validation ------------------------------------------------------------------------------
# nbval always checks the stored outputs against the seeds, whatever BRIEFING_CORPUS says. The suite builds
# PDFs (a hostile corpus's book, through pdflatex/xelatex): TeX is installed first, as for make pdf.
test: $(STAMP) bytecode tex lint
	env -u BRIEFING_CORPUS $(BIN)/pytest tests book analysis --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/pytest tests analysis

nbval: $(STAMP)
	env -u BRIEFING_CORPUS $(BIN)/pytest book --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

# The built HTML book (make html first) in headless Chromium; here a missing build or browser fails.
browser-test: $(STAMP) browser
	BRIEFING_BROWSER_TEST=1 $(BIN)/pytest tests/browser -p no:cacheprovider

refresh: $(STAMP) bytecode
	env -u BRIEFING_CORPUS $(BIN)/python -m analysis snapshot seeds
	env -u BRIEFING_CORPUS $(BIN)/python -m analysis.book.notebooks refresh book

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf _build .cache .pytest_cache
