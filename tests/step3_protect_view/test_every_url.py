"""Step 1's walk of every URL, run again here on step 3's URLconf and middleware."""

from tests.step1_provider.test_device_endpoints import *  # noqa: F403
from tests.step1_provider.test_every_url import *  # noqa: F403
