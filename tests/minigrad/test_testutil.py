"""The test helpers themselves: `@hyp` follows the loaded hypothesis profile.

A `@hyp` test runs its own number of examples, the same ones on every run,
in the default "ci" profile; HYPOTHESIS_PROFILE=explore (tests/conftest.py)
gives every `@hyp` test fresh examples and the profile's larger count.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mg_testutil import hyp


@pytest.fixture
def load_profile():
    """Load a hypothesis profile for one test, and the previous one after it."""
    before = settings.get_current_profile_name()
    yield settings.load_profile
    settings.load_profile(before)


def examples_seen(max_examples):
    """The integers one `@hyp(max_examples)` property test was run with."""
    seen = []

    @hyp(max_examples)
    @given(st.integers())
    def prop(n):
        seen.append(n)

    prop()
    return seen


def test_ci_profile_runs_the_asked_count_and_the_same_examples(load_profile):
    load_profile("ci")
    first = examples_seen(7)
    assert 0 < len(first) <= 7
    assert examples_seen(7) == first  # derandomized: repeatable


def test_explore_profile_applies_to_hyp_tests(load_profile):
    load_profile("explore")
    assert hyp(7).max_examples == 1000
    assert not hyp(7).derandomize
    assert hyp(7).deadline is None
    assert len(examples_seen(7)) > 7
