"""The search engine (OpenSearch 2 or Elasticsearch 8) for moments, through its own client.

Wagtail's search API offers no highlighting, phrase, fuzzy or aggregation queries, so moments
live in an index of our own: `<prefix>moments`, an alias over `<prefix>moments_<stamp>`.
A rebuild fills a new index and swaps the alias (no downtime). English stemming at index
time; the maths synonyms are a synonym_graph filter in the search analyzer, so a synonym
edit takes effect after `rebuild_search_index` (saving the list enqueues one).

Only the query DSL common to both engines is used; the two Python clients differ in their
classes and exceptions only, which this module hides.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

MOMENT_MAPPINGS = {
    "properties": {
        "video_id": {"type": "integer"},
        "transcript_id": {"type": "integer"},
        "moment_id": {"type": "integer"},
        "language": {"type": "keyword"},
        "start": {"type": "float"},
        "end": {"type": "float"},
        # Kept for the results page only (it builds moments from the hits, no database read).
        "cues": {"type": "object", "enabled": False},
        # Offsets in the postings: the unified highlighter reads them instead of re-analysing.
        "text": {
            "type": "text",
            "analyzer": "pd_english",
            "search_analyzer": "pd_english_search",
            "index_options": "offsets",
        },
        "context": {"type": "text", "analyzer": "pd_english", "search_analyzer": "pd_english_search"},
    }
}


def index_settings(synonyms: list[str]) -> dict:
    # Synonyms only at search time: the stored tokens never change when the list does.
    search_filters = ["lowercase", "pd_synonyms", "english_possessive", "english_stop", "english_stemmer"]
    if not synonyms:
        search_filters.remove("pd_synonyms")
    analysis = {
        "filter": {
            "english_possessive": {"type": "stemmer", "language": "possessive_english"},
            "english_stop": {"type": "stop", "stopwords": "_english_"},
            "english_stemmer": {"type": "stemmer", "language": "english"},
        },
        "analyzer": {
            "pd_english": {
                "tokenizer": "standard",
                "filter": ["lowercase", "english_possessive", "english_stop", "english_stemmer"],
            },
            "pd_english_search": {"tokenizer": "standard", "filter": search_filters},
        },
    }
    if synonyms:
        analysis["filter"]["pd_synonyms"] = {"type": "synonym_graph", "synonyms": synonyms, "lenient": True}
    # One shard fits the corpus; replicas (PDSITE_SEARCH_REPLICAS) let a cluster lose a node.
    replicas = getattr(settings, "PDSITE_SEARCH_REPLICAS", 0)
    return {"index": {"number_of_shards": 1, "number_of_replicas": replicas, "analysis": analysis}}


@dataclass(frozen=True)
class EngineConfig:
    kind: str  # "opensearch2" or "elasticsearch8"
    url: str  # the first node, named in messages
    alias: str
    timeout: float
    urls: tuple[str, ...] = ()  # every node of a cluster; a request that finds one down tries the next


def engine_config() -> EngineConfig | None:
    """The configured engine, or None when the site runs on database search only."""
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
    urls = backend.get("URLS")
    if not urls:
        return None
    kind = "elasticsearch8" if "elasticsearch" in backend["BACKEND"] else "opensearch2"
    return EngineConfig(
        kind=kind,
        url=urls[0],
        # Tests and benchmarks name their own alias; the site uses Wagtail's prefix.
        alias=getattr(settings, "PDSITE_SEARCH_MOMENTS_ALIAS", None) or f"{backend.get('INDEX_PREFIX', 'pdsite_')}moments",
        timeout=float(backend.get("TIMEOUT", 10)),
        urls=tuple(urls),
    )


@lru_cache(maxsize=8)
def _client(config: EngineConfig):
    # A connection error moves on to the next node, once per other node; one node: no retry,
    # so an outage shows at once (the selectors fall back to the database).
    hosts = list(config.urls or (config.url,))
    if config.kind == "elasticsearch8":
        import elasticsearch

        return elasticsearch.Elasticsearch(hosts, request_timeout=config.timeout, max_retries=len(hosts) - 1)
    import opensearchpy

    return opensearchpy.OpenSearch(hosts, timeout=config.timeout, max_retries=len(hosts) - 1)


def client(config: EngineConfig):
    return _client(config)


def engine_errors() -> tuple[type[Exception], ...]:
    """What the clients raise when the engine is down, refuses or times out."""
    import elasticsearch
    import opensearchpy

    return (
        opensearchpy.exceptions.ConnectionError,
        opensearchpy.exceptions.TransportError,
        elasticsearch.ConnectionError,
        elasticsearch.TransportError,
        elasticsearch.ApiError,
        ConnectionError,
        TimeoutError,
    )


def bulk(config: EngineConfig, actions) -> None:
    if config.kind == "elasticsearch8":
        from elasticsearch import helpers
    else:
        from opensearchpy import helpers
    helpers.bulk(client(config), actions, chunk_size=2000, request_timeout=max(config.timeout, 60))


def _exists(config: EngineConfig, name: str) -> bool:
    result = client(config).indices.exists_alias(name=name)
    return bool(result)


# Aliases whose index this process has brought up to MOMENT_MAPPINGS (_add_new_fields).
_MAPPINGS_CHECKED: set[tuple[str, str]] = set()


def ensure_index(config: EngineConfig, synonyms: list[str]) -> None:
    """Create the alias and an empty index behind it if there is none yet; an index made by an
    older pdsite gains the fields added since (once per process), so new documents still fit it."""
    if _exists(config, config.alias):
        _add_new_fields(config)
        return
    if client(config).indices.exists(index=config.alias):
        # An old concrete index under the alias's name (never made by us); replace it.
        client(config).indices.delete(index=config.alias)
    name = create_index(config, synonyms)
    swap_alias(config, name)


def _add_new_fields(config: EngineConfig) -> None:
    """Add to the alias's index the MOMENT_MAPPINGS fields it lacks (e.g. `cues`, whose lists
    of [seconds, offset] pairs dynamic mapping cannot type); the ones it has stay as they are.
    Older documents lack the new fields until `rebuild_search_index`, and the selectors read
    those from the database."""
    key = (config.url, config.alias)
    if key in _MAPPINGS_CHECKED:
        return
    es = client(config)
    have = set()
    for index in es.indices.get_mapping(index=config.alias).values():
        have |= set(index.get("mappings", {}).get("properties", {}))
    missing = {name: field for name, field in MOMENT_MAPPINGS["properties"].items() if name not in have}
    if missing:
        es.indices.put_mapping(index=config.alias, body={"properties": missing})
    _MAPPINGS_CHECKED.add(key)


def create_index(config: EngineConfig, synonyms: list[str]) -> str:
    name = f"{config.alias}_{time.strftime('%Y%m%d%H%M%S')}_{time.time_ns() % 1_000_000:06d}"
    client(config).indices.create(
        index=name, body={"settings": index_settings(synonyms), "mappings": MOMENT_MAPPINGS}
    )
    return name


def swap_alias(config: EngineConfig, new_index: str) -> list[str]:
    """Point the alias at `new_index` in one atomic action; delete the indexes it pointed at."""
    es = client(config)
    old = list(es.indices.get_alias(name=config.alias).keys()) if _exists(config, config.alias) else []
    actions = [{"remove": {"index": name, "alias": config.alias}} for name in old]
    actions.append({"add": {"index": new_index, "alias": config.alias}})
    es.indices.update_aliases(body={"actions": actions})
    for name in old:
        if name != new_index:
            es.indices.delete(index=name)
    return old


def refresh(config: EngineConfig) -> None:
    client(config).indices.refresh(index=config.alias)


def drop(config: EngineConfig) -> None:
    """Delete the alias and every index behind it (tests and benchmarks clean up with this)."""
    es = client(config)
    if _exists(config, config.alias):
        for name in es.indices.get_alias(name=config.alias):
            es.indices.delete(index=name)


def moment_document(moment) -> dict:
    return {
        "video_id": moment.video_id,
        "transcript_id": moment.transcript_id,
        "moment_id": moment.pk,
        "language": moment.language,
        "start": moment.start,
        "end": moment.end,
        "text": moment.text,
        "cues": moment.cues,
        "context": moment.context,
    }


def replace_video_moments(config: EngineConfig, video_id: int, moments, index: str | None = None) -> None:
    """Make the engine hold exactly `moments` for this video."""
    target = index or config.alias
    # delete_by_query sees only refreshed documents: without this, moments sent by a change
    # less than a refresh interval ago would stay beside their replacements.
    client(config).indices.refresh(index=target)
    client(config).delete_by_query(
        index=target, body={"query": {"term": {"video_id": video_id}}}, refresh=True, conflicts="proceed"
    )
    bulk(config, ({"_index": target, "_id": m.pk, "_source": moment_document(m)} for m in moments))


# --- Queries --------------------------------------------------------------------------


FUZZINESS = "AUTO:5,8"


def moment_query(parsed, *, video_ids: list[int]) -> dict:
    """The bool query for a parsed user query, limited to these videos."""
    should = []
    must = []
    for phrase in parsed.phrases:
        must.append(
            {
                "bool": {
                    "should": [
                        {"match_phrase": {"text": {"query": phrase, "boost": 3}}},
                        {"match_phrase": {"context": {"query": phrase}}},
                    ]
                }
            }
        )
    if parsed.words:
        words = " ".join(parsed.words)
        should += [
            {"match_phrase": {"text": {"query": words, "slop": 1, "boost": 4}}},
            {"match": {"text": {"query": words, "operator": "and", "boost": 2}}},
            {"match": {"text": {"query": words, "boost": 1}}},
            # Typo tolerance as the database's spelling pass has it (spelling.py): none below five
            # letters (a short word's neighbours are other common words, more matches to score
            # for nothing), one edit, two from eight; the prefix keeps the expansions few.
            {"match": {"text": {"query": words, "fuzziness": FUZZINESS, "prefix_length": 1, "max_expansions": 10, "boost": 0.5}}},
            {"match": {"context": {"query": words, "fuzziness": FUZZINESS, "prefix_length": 1, "max_expansions": 10, "boost": 0.3}}},
        ]
    query = {"bool": {"filter": [{"terms": {"video_id": video_ids}}]}}
    if must:
        query["bool"]["must"] = must
    if should:
        query["bool"]["should"] = should
        if not must:
            query["bool"]["minimum_should_match"] = 1
    return query


# What a results page reads of each moment it shows (see moment_from_source).
PAGE_SOURCE = ["moment_id", "video_id", "transcript_id", "language", "start", "end", "text", "cues"]


def moment_from_source(source: dict):
    """An unsaved SearchMoment from a hit's PAGE_SOURCE, or None when the hit has no cues (an
    index made before documents carried them: the caller reads the database instead)."""
    from .models import SearchMoment

    if "cues" not in source:
        return None
    fields = {name: source[name] for name in PAGE_SOURCE if name not in ("moment_id", "cues")}
    return SearchMoment(id=source["moment_id"], cues=source["cues"], **fields)


def page_body(parsed, *, visible: list[int], filtered: list[int], offset: int, limit: int, moments: int = 3) -> dict:
    """The one search a results page makes: no hits, two aggregations over the matching
    moments of the visible clips (the visibility is a `filter` clause: cached, unscored).

    - `matched`: every matching visible clip, for the facet counts and the total;
    - `page`: of the filtered clips (a `filter` aggregation, so the facets still see every
      match), the first offset + limit by their best moment's score (ties: lower id first),
      each with its best `moments` moments; only those are highlighted.

    One shard (see index_settings) makes the order by best score exact.
    """
    keep = {"match_all": {}} if len(filtered) == len(visible) else {"terms": {"video_id": filtered or [-1]}}
    clips = {
        "terms": {"field": "video_id", "size": max(offset + limit, 1), "order": [{"best": "desc"}, {"_key": "asc"}]},
        "aggs": {
            "best": {"max": {"script": {"source": "_score", "lang": "painless"}}},
            "moments": {"top_hits": {"size": moments, "_source": PAGE_SOURCE, "highlight": highlight(parsed)}},
        },
    }
    return {
        "size": 0,
        "track_total_hits": False,
        "query": moment_query(parsed, video_ids=visible),
        "aggs": {
            "matched": {"terms": {"field": "video_id", "size": max(len(visible), 1)}},
            "page": {"filter": keep, "aggs": {"clips": clips}},
        },
    }


def highlight(parsed) -> dict:
    """Mark the words found in `text` (between \\x02 and \\x03; see query.highlighted_snippet).

    The highlight query leaves out the fuzzy clauses: re-running fuzzy expansion per hit
    doubled the engine's time. A hit found only through a typo gets its marks from the
    database highlighter (query.mark_terms) instead.
    """
    clauses = [{"match_phrase": {"text": phrase}} for phrase in parsed.phrases]
    if parsed.words:
        clauses.append({"match": {"text": " ".join(parsed.words)}})
    return {
        "pre_tags": ["\x02"],
        "post_tags": ["\x03"],
        "fields": {
            "text": {
                "type": "unified",
                "number_of_fragments": 0,
                "highlight_query": {"bool": {"should": clauses}},
            }
        },
    }
