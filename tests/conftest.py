"""Settings shared by every test: hypothesis profiles and the artifacts folder.

Tests live beside the package they test (tests/minigrad, tests/widgets,
tests/lessons, tests/browser); their own conftest.py files hold their fixtures.
"""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# "ci" (the default) is repeatable: the same examples on every run and machine.
# HYPOTHESIS_PROFILE=explore searches afresh with more examples.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", deadline=None, max_examples=1000)
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
