"""The tables as SQLAlchemy Core objects, for queries. The schema itself is made by the Alembic
migrations in ``store/migrations`` (a test checks that both agree)."""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

datasets = sa.Table(
    "datasets", metadata,
    sa.Column("name", sa.String(20), primary_key=True),
    sa.Column("published_version", sa.Integer, nullable=True),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("published_by", sa.String(320), nullable=True),
)

versions = sa.Table(
    "versions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset", sa.String(20), sa.ForeignKey("datasets.name"), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("created_by", sa.String(320), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("rows_read", sa.Integer, nullable=False),
    sa.Column("rows_accepted", sa.Integer, nullable=False),
    sa.Column("rows_rejected", sa.Integer, nullable=False),
    sa.Column("report", sa.Text, nullable=False),
    sa.Column("meta", sa.Text, nullable=False, server_default="{}"),
    sa.UniqueConstraint("dataset", "sha256", name="uq_versions_dataset_sha256"),
)

version_rows = sa.Table(
    "version_rows", metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
    sa.Column("pos", sa.Integer, primary_key=True),
    sa.Column("data", sa.Text, nullable=False),
)

publications = sa.Table(
    "publications", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset", sa.String(20), sa.ForeignKey("datasets.name"), nullable=False),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    sa.Column("previous_version", sa.Integer, nullable=True),
    sa.Column("published_by", sa.String(320), nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
)

store_info = sa.Table(
    "store_info", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
