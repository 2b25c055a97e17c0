"""Which versions the public may see, and which database this is.

- The publication log (0002) is the record of every version that was ever published (a link in a
  report keeps showing it after a newer publication; a version never published stays a draft).
  Markers set before 0002 have no log row: one is added per current marker that lacks one.
- ``store_info`` holds a random ``database_id``, made once: the app puts it in its cache keys, so a
  replaced or recreated database (same URL, other contents) is never answered from the old one's cache.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BACKFILLED_BY = "onbekend (vóór het publicatielogboek)"


def upgrade() -> None:
    info = op.create_table(
        "store_info",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.bulk_insert(info, [{"key": "database_id", "value": uuid.uuid4().hex}])
    conn = op.get_bind()
    datasets = sa.table("datasets", sa.column("name"), sa.column("published_version"), sa.column("published_at"),
                        sa.column("published_by"))
    publications = sa.table("publications", sa.column("dataset"), sa.column("version_id"),
                            sa.column("previous_version"), sa.column("published_by"), sa.column("published_at"))
    markers = conn.execute(sa.select(datasets).where(datasets.c.published_version.is_not(None))).all()
    for m in markers:
        logged = conn.execute(sa.select(sa.func.count()).select_from(publications).where(
            publications.c.dataset == m.name, publications.c.version_id == m.published_version)).scalar()
        if not logged:
            conn.execute(publications.insert().values(
                dataset=m.name, version_id=m.published_version, previous_version=None,
                published_by=(m.published_by or BACKFILLED_BY)[:320], published_at=m.published_at or datetime.now(UTC)))


def downgrade() -> None:
    op.drop_table("store_info")  # (the backfilled log rows stay: they are true)
