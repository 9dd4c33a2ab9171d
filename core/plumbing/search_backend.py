"""Wagtail's database search backend, with PostgreSQL stemming each language as itself.

modelsearch's PostgreSQL backend takes one `SEARCH_CONFIG` for everything it indexes and every
query (src: modelsearch 1.3 `PostgresSearchBackend.__init__`, `ObjectIndexer.as_vector`,
`PostgresSearchResults.get_queryset`). With the English config, Spanish text loses its word
forms ("terapias" is not "terapia") and keeps its accents, so "depresion" misses "depresión".
Here, on PostgreSQL:

- each object is indexed with its own language's config (its `locale`; `LANGUAGE_CONFIGS`
  maps language codes to PostgreSQL configs, anything else gets `SEARCH_CONFIG`);
- a query matches under every language's config, joined with OR, so a Spanish query finds
  Spanish-stemmed pages whatever language the request is in (the admin's search too).

An English query can therefore match a Spanish page: patient searches filter by the active
locale (approaches.selectors.search_portal), so patients only see their language.

Elsewhere (SQLite in development and tests) this is modelsearch's own database backend: SQLite
FTS5's unicode61 tokenizer folds case and accents, and approaches.search.expand adds word forms
and typos; there is no stemming.
"""

from contextvars import ContextVar
from functools import cache, reduce

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

# The config the index uses while it vectorises one language's objects (see `_postgres_classes`).
_indexing_config: ContextVar[str | None] = ContextVar("indexing_config", default=None)


def config_for(obj, configs: dict[str, str], default: str | None) -> str | None:
    """The PostgreSQL text search config for an object: its locale's language, else `default`."""
    locale = getattr(obj, "locale", None) if getattr(obj, "locale_id", None) else None
    code = locale.language_code.lower().split("-")[0] if locale is not None else None
    return configs.get(code, default)


@cache
def _postgres_classes():
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )

    class LanguageIndex(PostgresIndex):
        def add_items(self, model, objs):
            by_config: dict = {}
            for obj in objs:
                config = config_for(obj, self.backend.language_configs, self.backend.search_config)
                by_config.setdefault(config, []).append(obj)
            for config, group in by_config.items():
                token = _indexing_config.set(config)
                try:
                    super().add_items(model, group)
                finally:
                    _indexing_config.reset(token)

    class LanguageQueryCompiler(PostgresSearchQueryCompiler):
        def get_config(self, backend):
            return backend.query_configs

        def build_tsquery(self, query, config=None):
            if isinstance(config, tuple):
                queries = [super(LanguageQueryCompiler, self).build_tsquery(query, config=c) for c in config]
                return reduce(lambda a, b: a | b, queries)
            return super().build_tsquery(query, config=config)

    class LanguagePostgresSearchBackend(PostgresSearchBackend):
        index_class = LanguageIndex
        query_compiler_class = LanguageQueryCompiler

        def __init__(self, params):
            self.language_configs = dict(params.get("LANGUAGE_CONFIGS") or {})
            super().__init__(params)
            # Every config a stored vector may have been made with, each once, in a fixed order.
            self.query_configs = tuple(dict.fromkeys([*self.language_configs.values(), self.search_config]))

        # modelsearch reads `backend.config` when it vectorises an object (ObjectIndexer) and
        # sets it from SEARCH_CONFIG: while LanguageIndex indexes a language, it is that one's.
        @property
        def config(self):
            return _indexing_config.get() or self.search_config

        @config.setter
        def config(self, value):
            self.search_config = value

    return LanguagePostgresSearchBackend


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up in a backend module
    if connection.vendor == "postgresql":
        return _postgres_classes()(params)
    return DatabaseSearchBackend(params)
