"""Step 1's provider tests, run again here: this step must not break the provider."""

from tests.step1_provider.test_flows import *  # noqa: F403
