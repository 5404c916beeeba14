# The front door. `make build` then `make test` on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint lab clean bench venv browser documents sample data

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

venv: $(STAMP)

# Headless Chromium for the report tests (Debian's package; installed once, never at test time).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "chromium missing: sudo apt-get install chromium (browser tests will be skipped)"; fi; }

# Tesseract with its Vietnamese model (scans, photos) and LibreOffice (old .doc, .odt; the sample's PDF/.doc/.ods):
# Debian's packages, installed once when run as root; otherwise how to install them (such files are then issues).
DOC_PACKAGES := tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui libreoffice-calc-nogui
documents:
	@if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie \
	    && command -v soffice >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DOC_PACKAGES) >/dev/null; \
	else echo "OCR/LibreOffice missing: sudo apt-get install $(DOC_PACKAGES) (scans and .doc files will be reported, their tests skipped)"; fi

# Sample raw data, written only when data/raw holds no registry.
data: $(STAMP)
	@test -f data/raw/units.xlsx || $(BIN)/cchc sample data/raw

# exit 1 means "done, with errors in the input" (listed in issues.csv and the reports): the build still succeeded
build: $(STAMP) documents data
	$(BIN)/cchc build || test $$? -eq 1

# pytest's exit 5 ("no tests collected") is a failure like any other non-zero exit
test: $(STAMP) browser documents
	$(BIN)/python -m pytest -q

# ruff's rules and per-file exceptions are in pyproject.toml ([tool.ruff])
lint: $(STAMP)
	$(BIN)/ruff check cchc_analysis tests benchmarks

LAB_STAMP := $(VENV)/.installed-lab
$(LAB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,lab]'
	touch $(LAB_STAMP)

lab: $(LAB_STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf data/processed/* reports/ .pytest_cache
