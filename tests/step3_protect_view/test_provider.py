"""Steps 1's and 2's provider tests, run again: this step must not break them."""

from tests.step2_middleware.test_provider import *  # noqa: F403
