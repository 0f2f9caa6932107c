"""The revocation lag, timeout and breaker of the tests' resource server."""

LAG = 4
TIMEOUT = 1
# Step 4's own, unchanged.
BREAKER_FAILURES = 3
PROBE = 2
