"""A log of every publication (who published which version when) and per-version metadata (JSON),
e.g. the region set version a ratings table was checked against. Existing versions keep their rows.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.add_column(sa.Column("meta", sa.Text, nullable=False, server_default="{}"))
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("dataset", sa.String(20), sa.ForeignKey("datasets.name"), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
        sa.Column("previous_version", sa.Integer, nullable=True),
        sa.Column("published_by", sa.String(320), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("publications")
    with op.batch_alter_table("versions") as batch:
        batch.drop_column("meta")
