"""The revocation lag and the introspection timeout of the tests' resource server."""

LAG = 4
TIMEOUT = 1
