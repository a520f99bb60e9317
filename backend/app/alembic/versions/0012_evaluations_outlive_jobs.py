"""evaluations outlive jobs

An evaluation no longer goes with its job: deleting the owner's account (and with it their
jobs) or a job must not erase the cleaner's rating.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 16:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_constraint(
        'fk_evaluation_cleaning_id_cleaning', 'evaluation', type_='foreignkey'
    )


def downgrade():
    # The key holds only for evaluations whose job still exists.
    op.execute(
        "DELETE FROM evaluation e WHERE NOT EXISTS"
        " (SELECT 1 FROM cleaning c WHERE c.id = e.cleaning_id)"
    )
    op.create_foreign_key(
        'fk_evaluation_cleaning_id_cleaning', 'evaluation', 'cleaning',
        ['cleaning_id'], ['id'], ondelete='CASCADE',
    )
