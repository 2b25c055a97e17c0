"""The store: immutable versions of datasets (the inventory, region sets, Venster ratings, zorgkantoor
tables: each kind registered by its own package, see ``store/kinds.py``), and which version of each is
published. SQLite by default, PostgreSQL when shared. No Streamlit here, and no domain package: the
store sits on the ground floor.

The app reaches it through one loader (``ui/store_loader.py``); the CLI through ``cli.py store``.
Import ``datasets`` first: it registers the kinds.
"""
from store.db import (ENV_VAR, StoreError, StoreUnavailable, database_url, describe, dispose_all, get_engine,
                      migrate)
from store.diff import diff_results, diff_summary
from store.kinds import KINDS, Encoded, Kind, export_frame, get_kind, register, registered_kinds, unregister
from store.versions import (Context, ImportOutcome, NotFound, PublicState, Version, encode, ensure_datasets,
                            get_version, import_file, is_public, list_versions, load, meta, public_ids, public_state,
                            publication_log, publish_version, published_id, published_ids, report, store_result,
                            validate)

__all__ = [
    "ENV_VAR", "KINDS", "Context", "Encoded", "ImportOutcome", "Kind", "NotFound", "PublicState", "StoreError",
    "StoreUnavailable", "Version", "database_url", "describe", "diff_results", "diff_summary", "dispose_all", "encode",
    "ensure_datasets", "export_frame", "get_engine", "get_kind", "get_version", "import_file", "is_public",
    "list_versions", "load", "meta", "migrate", "public_ids", "public_state", "publication_log", "publish_version",
    "published_id", "published_ids", "register", "registered_kinds", "report", "store_result", "unregister", "validate",
]
