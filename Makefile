# minigrad lab: set-up and everyday commands.
#
#   make lab     set everything up, then open JupyterLab on the lessons
#   make test    set everything up, then run every test (unit, notebook, browser)
#   make demo    serve the classroom demos (lessons/demos) with Voila: code hidden,
#                widgets live, token authentication on; DEMO_PORT=8866 to move it
#   make bench   run every benchmarks/bench_*.py in turn
#   make compat-record  re-record tests/compat/expected/ under real PyTorch:
#                PARITY_PYTHON=/path/to/python-with-torch make compat-record
#   make lint    ruff check and ruff format --check (make test runs it first)
#   make setup   only the set-up: .venv with minigrad-lab[dev], Graphviz's dot,
#                the graph widgets' browser code (npm ci, then the bundle)
#   make parity  run every lesson under PyTorch and record what each cell prints
#                (tests/lessons/parity/); PARITY_PYTHON=/path/to/python-with-torch
#
# Set-up is safe to re-run and fast when nothing changed: pip runs again only
# when pyproject.toml changes, system packages are installed only where missing.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.minigrad-lab-installed
# The graph widgets' browser code: widgets/js/ bundled into the canvas module
# that anywidget loads and Graphviz in WebAssembly (npm packages); rebuilt
# when missing or older than its sources, never committed.
BUNDLE := widgets/static/graph_canvas.js widgets/static/graphviz.js
BUNDLE_SOURCES := $(wildcard widgets/js/*.js widgets/js/*.mjs) package.json
NODE_STAMP := node_modules/.package-lock.json
ARTIFACTS := tests/artifacts

# The browser the tests drive (Debian's chromium; on macOS, brew's).
# Override with MINIGRAD_CHROMIUM=/path/to/chrome. Expanded when used, so it
# sees a browser installed earlier in the same run.
MINIGRAD_CHROMIUM ?= $(firstword $(shell command -v chromium chromium-browser \
	2>/dev/null) $(wildcard /Applications/Chromium.app/Contents/MacOS/Chromium))

# Shell code that installs the system programs named in $(1) ("dot",
# "chromium") where missing: with apt-get (as root or through sudo, one
# apt-get update first), with brew on macOS, or else it stops and says
# what to install by hand.
define ensure_system
	@set -e; apt=; brew=; cask=; human=; \
	for need in $(1); do \
	  case $$need in \
	    dot) command -v dot >/dev/null 2>&1 && continue; \
	      apt="$$apt graphviz"; brew="$$brew graphviz"; \
	      human="$$human, Graphviz (it provides 'dot'; https://graphviz.org/download/)";; \
	    npm) command -v npm >/dev/null 2>&1 && continue; \
	      apt="$$apt nodejs npm"; brew="$$brew node"; \
	      human="$$human, Node.js with npm (builds the graph widgets' browser code; https://nodejs.org)";; \
	    chromium) [ -n "$(MINIGRAD_CHROMIUM)" ] && continue; \
	      apt="$$apt chromium"; cask="$$cask chromium"; \
	      human="$$human, Chromium (for the browser tests; or set MINIGRAD_CHROMIUM=/path/to/chrome)";; \
	  esac; \
	done; \
	[ -n "$$human" ] || exit 0; \
	if command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing with apt-get:$$apt"; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=; \
	  elif command -v sudo >/dev/null 2>&1; then sudo=sudo; \
	  else echo "make: installing$$apt needs root or sudo. Please install$${human#,}, then run make again." >&2; exit 1; fi; \
	  $$sudo apt-get update -q; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    -o DPkg::Lock::Timeout=300 $$apt || { echo "make: apt-get could not" \
	    "install$$apt. Please install$${human#,}, then run make again." >&2; exit 1; }; \
	elif [ "$$(uname -s)" = Darwin ] && command -v brew >/dev/null 2>&1; then \
	  echo "Installing with brew:$$brew$$cask"; \
	  [ -z "$$brew" ] || brew install $$brew; \
	  [ -z "$$cask" ] || brew install --cask $$cask; \
	else \
	  echo "make: please install$${human#,}, then run make again." >&2; exit 1; \
	fi
endef

.PHONY: help setup system system-test lab test bench lint demo
.PHONY: parity

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

setup: system $(BUNDLE) $(STAMP)

system:
	$(call ensure_system,dot npm)

system-test:
	$(call ensure_system,dot npm chromium)

# npm ci installs exactly package-lock.json's versions (node_modules/).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(BUNDLE): $(BUNDLE_SOURCES) $(NODE_STAMP)
	npm run build

$(VPY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || \
	  { echo "make: minigrad lab needs Python 3.10 or newer; '$(PYTHON)' is" \
	    "$$($(PYTHON) --version 2>&1). Try: make PYTHON=python3.11 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --disable-pip-version-check --upgrade pip

$(STAMP): pyproject.toml | $(VPY)
	@echo "Installing minigrad-lab[dev] into $(VENV) (a minute or two the first time)..."
	$(VPY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@# JupyterLab defaults for this venv: README.md opens rendered; no news
	@# or update checks over the network.
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@$(VPY) -c 'import json, sys; json.dump({ \
	  "@jupyterlab/docmanager-extension:plugin": \
	    {"defaultViewers": {"markdown": "Markdown Preview"}}, \
	  "@jupyterlab/apputils-extension:notification": \
	    {"fetchNews": "false", "checkForUpdates": False}}, \
	  open(sys.argv[1], "w"), indent=2)' \
	  $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

# JupyterLab keeps its token authentication on: open the URL it prints.
lab: setup
	cd $(if $(wildcard lessons/.),lessons,.) && exec "$(CURDIR)/$(VPY)" -m jupyterlab \
	  $(if $(wildcard lessons/README.md),README.md) \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

# Voila serves lessons/demos as standalone pages on 127.0.0.1 only, with a
# fresh random token (passed in the environment, not on the command line);
# it prints the links with the token. The first free port from DEMO_PORT.
DEMO_PORT ?= 8866
DEMOS := lessons/demos

define FREE_PORT_PY
import socket, sys
start = int(sys.argv[1])
for port in range(start, start + 50):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    break
else:
    sys.exit(f"make demo: no free port in {start}..{start + 49}; try DEMO_PORT=...")
endef
export FREE_PORT_PY

# Voila, with the token masked in every log line: Voila writes it as '...'
# in its banner, but tornado's request and error lines (a 403 for a file
# outside the allow-list, a 404) carry the whole query. Every log record
# made in the process passes through this factory.
define DEMO_VOILA_PY
import logging, re, sys
from voila.app import main
TOKEN = re.compile(r"(token=)[^&\s'\"]+")
make_record = logging.getLogRecordFactory()
def masked_record(*args, **kwargs):
    record = make_record(*args, **kwargs)
    try:
        text = record.getMessage()
    except Exception:  # logging reports a bad record itself, later
        return record
    if "token=" in text:
        record.msg, record.args = TOKEN.sub(r"\1...", text), ()
    return record
logging.setLogRecordFactory(masked_record)
sys.argv[0] = "voila"
main()
endef
export DEMO_VOILA_PY

demo: setup
	@set -e; \
	port=$$($(VPY) -c "$$FREE_PORT_PY" $(DEMO_PORT)); \
	token=$$($(VPY) -c 'import secrets; print(secrets.token_hex(24))'); \
	url="http://127.0.0.1:$$port"; \
	echo "minigrad lab demos with Voila: code hidden, widgets live, token on."; \
	echo "Open (all demos):  $$url/?token=$$token"; \
	for notebook in $(DEMOS)/[0-9]*.ipynb; do \
	  name=$$(basename "$$notebook"); \
	  echo "  $${name%.ipynb}:  $$url/voila/render/$$name?token=$$token"; \
	done; \
	echo "Stop with Ctrl-C. (Voila's own log below writes the token as '...'.)"; \
	cd $(DEMOS) && JUPYTER_TOKEN="$$token" exec "$(CURDIR)/$(VPY)" -c "$$DEMO_VOILA_PY" . \
	  --no-browser --Voila.ip=127.0.0.1 --Voila.port=$$port --Voila.port_retries=0 \
	  --Voila.auto_token=True --VoilaConfiguration.show_tracebacks=True

# The lint (ruff check and ruff format --check) runs first: it takes seconds.
# matplotlib keeps its font list in a folder of this checkout's .venv: the
# list names font files by path, and one shared with another checkout's venv
# (or a venv since deleted) lacks matplotlib's own fonts.
test: system-test $(BUNDLE) $(STAMP) lint
	@mkdir -p $(ARTIFACTS)
	@echo "Test artifacts (browser screenshots) go to $(ARTIFACTS)/"
	@status=0; \
	MPLCONFIGDIR="$(CURDIR)/$(VENV)/matplotlib" \
	MINIGRAD_TEST_ARTIFACTS="$(CURDIR)/$(ARTIFACTS)" \
	$(if $(MINIGRAD_CHROMIUM),MINIGRAD_CHROMIUM="$(MINIGRAD_CHROMIUM)") \
	  $(VPY) -m pytest $(PYTEST_ARGS) || status=$$?; \
	echo "Test artifacts (browser screenshots) are in $(ARTIFACTS)/"; \
	exit $$status

# bench_browser_graph.py drives Chromium as the browser tests do: the same
# system programs (a second rule line adds the prerequisite).
bench: system-test
bench: $(BUNDLE) $(STAMP)
	@set -e; found=; \
	for script in benchmarks/bench_*.py; do \
	  [ -e "$$script" ] || continue; found=1; \
	  echo "== $$script"; $(VPY) "$$script"; echo; \
	done; \
	[ -n "$$found" ] || echo "No benchmarks yet (benchmarks/bench_*.py)."

# What the compat corpus (tests/compat/programs) prints under real PyTorch, for
# tests/compat/test_programs.py. PyTorch is never a dependency: name a Python
# that has it. Only the standard library runs here; PyTorch runs in PARITY_PYTHON.
.PHONY: compat-record
compat-record:
	@[ -n "$(PARITY_PYTHON)" ] || { echo "make compat-record: set PARITY_PYTHON to" \
	  "a Python with PyTorch, e.g. PARITY_PYTHON=../torchvenv/bin/python" >&2; exit 1; }
	$(PYTHON) tests/compat/record.py --python "$(PARITY_PYTHON)"

lint: $(STAMP)
	$(VPY) -m ruff check .
	$(VPY) -m ruff format --check .

# Parity with PyTorch (tests/lessons/lesson_parity.py): every lesson's code
# runs under PyTorch, in a kernel of PARITY_PYTHON where `minigrad` is torch;
# each code cell's text goes to tests/lessons/parity/NN_topic.json, which
# tests/lessons/test_parity.py compares with minigrad (no PyTorch needed).
# PyTorch is never a dependency of the project: it lives beside it, e.g.
#   python3 -m venv ../torchvenv
#   ../torchvenv/bin/pip install torch nbclient ipykernel matplotlib tqdm
# PARITY_LESSONS="03 05" records only those lessons.
parity:
	@if [ -z "$(PARITY_PYTHON)" ]; then \
	  echo "make parity: set PARITY_PYTHON to a Python that has PyTorch (and" \
	    "nbclient, ipykernel), e.g. PARITY_PYTHON=../torchvenv/bin/python make parity" >&2; \
	  exit 2; fi
	"$(PARITY_PYTHON)" tests/lessons/lesson_parity.py $(PARITY_LESSONS)
