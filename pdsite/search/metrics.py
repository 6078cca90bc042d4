"""Search's Prometheus metrics (prometheus_client's default registry, which pdsite.ops exposes
at /metrics): how long a page of clips takes, by what answered, and how often the engine did
not answer and the database did. Owned here so search needs nothing from ops."""

from prometheus_client import Counter, Histogram

SEARCH_SECONDS = Histogram(
    "pdsite_search_duration_seconds",
    "Time to find a page of clips, by what answered: the engine or the database.",
    ["backend"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SEARCH_FALLBACKS = Counter(
    "pdsite_search_fallbacks", "Searches the database answered because the search engine did not."
)


def search_observe(*, backend: str, seconds: float) -> None:
    SEARCH_SECONDS.labels(backend=backend).observe(seconds)


def search_fallback_count() -> None:
    SEARCH_FALLBACKS.inc()
