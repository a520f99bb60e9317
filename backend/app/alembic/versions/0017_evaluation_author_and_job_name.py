"""evaluation author and job name

A review shows who wrote it and on which job, also once the job is gone (evaluations outlive
their jobs, 0012): `evaluator_id` (null once that account is gone) and `cleaning_name`, the
job's name when it was evaluated. Existing evaluations get both from their job when it still
exists (its owner wrote the evaluation); those whose job is gone keep both null.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('evaluation', sa.Column('evaluator_id', sa.Uuid(), nullable=True))
    op.add_column(
        'evaluation',
        sa.Column('cleaning_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    )
    op.create_index(
        op.f('ix_evaluation_evaluator_id'), 'evaluation', ['evaluator_id'], unique=False
    )
    op.create_foreign_key(
        op.f('fk_evaluation_evaluator_id_user'), 'evaluation', 'user',
        ['evaluator_id'], ['id'], ondelete='SET NULL',
    )
    op.execute(
        "UPDATE evaluation e SET evaluator_id = c.owner_id, cleaning_name = c.name"
        " FROM cleaning c WHERE c.id = e.cleaning_id"
    )


def downgrade():
    op.drop_constraint(
        op.f('fk_evaluation_evaluator_id_user'), 'evaluation', type_='foreignkey'
    )
    op.drop_index(op.f('ix_evaluation_evaluator_id'), table_name='evaluation')
    op.drop_column('evaluation', 'cleaning_name')
    op.drop_column('evaluation', 'evaluator_id')
