"""``make demo``'s log never shows the token, as the README promises.

Voila writes the token as ``...`` in its own banner, but tornado's request
and error lines carry the whole query string, token included (a 403 for a
file outside Voila's allow-list, a 404). ``make demo`` masks ``token=...`` in
every log record; this test starts it as a teacher does, makes such
requests with the token in the query, and reads the log. No browser needed,
but it serves like the browser tests, so it carries their marker.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from demo_fixtures import DemoServer  # noqa: E402

pytestmark = pytest.mark.browser

REQUESTS = [
    ("/voila/files/README.md", 403),  # outside the allow-list
    ("/voila/files/../Makefile", 403),
    ("/voila/render/no_such_demo.ipynb", 404),
    ("/voila/files/README.md", 403),
]


def test_voila_log_masks_the_token(tmp_path):
    server = DemoServer(tmp_path)
    server.start()
    try:
        for path, expected in REQUESTS:
            status = server.status(f"{path}?token={server.token}&x=1")
            assert status == expected, (path, status)
        time.sleep(0.5)  # let the log lines reach the file
    finally:
        server.stop()
    output = server.output
    banner, _, voila_log = output.partition("Stop with Ctrl-C.")
    assert server.token in banner  # the links make demo prints for the teacher
    assert "403 GET /voila/files/README.md?token=...&x=1" in voila_log
    assert "File not allowlisted" in voila_log
    assert "404 GET /voila/render/no_such_demo.ipynb?token=..." in voila_log
    leaking = [line for line in voila_log.splitlines() if server.token in line]
    assert leaking == []
