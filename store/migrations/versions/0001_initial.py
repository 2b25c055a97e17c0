"""Datasets with their published marker, immutable versions, and the accepted rows of each version.

Revision ID: 0001
Revises:
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    datasets = op.create_table(
        "datasets",
        sa.Column("name", sa.String(20), primary_key=True),
        sa.Column("published_version", sa.Integer, nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.String(320), nullable=True),
    )
    op.bulk_insert(datasets, [{"name": n} for n in ("inventaris", "regio", "venster")])
    op.create_table(
        "versions",
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
        sa.UniqueConstraint("dataset", "sha256", name="uq_versions_dataset_sha256"),
    )
    op.create_table(
        "version_rows",
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), primary_key=True),
        sa.Column("pos", sa.Integer, primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("version_rows")
    op.drop_table("versions")
    op.drop_table("datasets")
