"""
Every URL a project exposes, as concrete paths: the URL resolver's patterns,
walked recursively, with each path parameter filled in with a sample value.
Needs Django set up.
"""

from django.urls import URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize


def url_paths(samples, default="1"):
    """
    One path per URL pattern of the root URLconf (one per form where a regex
    has several, such as an optional trailing slash), with each parameter set
    to `samples[name]`, or to `default`. Each path is checked to reach its
    own pattern's view, so that no pattern goes untried.
    """
    paths = []
    for forms, callback in _leaves(get_resolver().url_patterns, [("", [])]):
        for template, params in forms:
            values = {name: samples.get(name, default) for name in params}
            path = "/" + template % values
            assert resolve(path).func == callback, (
                f"{path} does not reach {callback}: give its parameters "
                "sample values that its pattern accepts"
            )
            paths.append(path)
    return paths


def _leaves(patterns, prefixes):
    """(the path templates of each pattern, its view), through every include()."""
    for pattern in patterns:
        forms = [
            (prefix + template, prefix_params + params)
            for prefix, prefix_params in prefixes
            for template, params in normalize(pattern.pattern.regex.pattern)
        ]
        if isinstance(pattern, URLResolver):
            yield from _leaves(pattern.url_patterns, forms)
        else:
            yield forms, pattern.callback
