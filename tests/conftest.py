"""Settings shared by every test: hypothesis profiles and the artifacts folder.

Tests live beside the package they test (tests/minigrad, tests/widgets,
tests/lessons, tests/browser); their own conftest.py files hold their fixtures.
"""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# "ci" (the default) is repeatable: the same examples on every run and machine,
# as many as each test's `@hyp(n)` asks (tests/minigrad/mg_testutil.py).
# HYPOTHESIS_PROFILE=explore searches afresh with 1000 examples per test.
_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)
# derandomize=False said outright: where CI=true, hypothesis's own defaults are
# derandomized, and a profile inherits them.
settings.register_profile(
    "explore",
    deadline=None,
    derandomize=False,
    max_examples=1000,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """The folder for screenshots and other files people look at after a run.

    `make test` sets MINIGRAD_TEST_ARTIFACTS; otherwise tests/artifacts.
    """
    path = Path(os.environ.get("MINIGRAD_TEST_ARTIFACTS", REPO / "tests" / "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path
