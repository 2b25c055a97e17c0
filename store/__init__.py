"""The store: immutable versions of the inventory, region sets and Venster ratings, and which
version of each is published. SQLite by default, PostgreSQL when shared. No Streamlit here.

The app reaches it through one loader (``ui/store_loader.py``); the CLI through ``cli.py store``.
"""
from store.db import (ENV_VAR, StoreError, StoreUnavailable, database_url, describe, dispose_all, get_engine,
                      migrate)
from store.diff import diff_results, diff_summary
from store.kinds import KINDS, export_frame
from store.versions import (ImportOutcome, NotFound, PublicState, Version, get_version, import_file, is_public,
                            list_versions, load, meta, public_ids, public_state, publication_log, publish_version,
                            published_id, published_ids, report, store_result)

__all__ = [
    "ENV_VAR", "KINDS", "ImportOutcome", "NotFound", "PublicState", "StoreError", "StoreUnavailable", "Version",
    "database_url", "describe", "diff_results", "diff_summary", "dispose_all", "export_frame", "get_engine",
    "get_version", "import_file", "is_public", "list_versions", "load", "meta", "migrate", "public_ids", "public_state",
    "publication_log", "publish_version", "published_id", "published_ids", "report", "store_result",
]
