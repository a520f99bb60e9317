"""cleaning completed at

A job records its own completion, so it stays completed when the evaluated cleaner's account
(and with it their offer and evaluation) is deleted. Jobs already evaluated are completed at
the time of their evaluation.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 11:31:30.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('cleaning', sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE cleaning SET completed_at = evaluation.created_at"
        " FROM evaluation WHERE evaluation.cleaning_id = cleaning.id"
    )


def downgrade():
    op.drop_column('cleaning', 'completed_at')
