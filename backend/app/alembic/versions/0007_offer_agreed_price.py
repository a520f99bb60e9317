"""offer agreed price

An accepted offer records the job's price when it was accepted. For offers accepted or
completed before this migration, the job's current price is the best record there is (the
price could still be changed after an accept until now).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 11:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('offer', sa.Column('agreed_price', sa.Numeric(precision=10, scale=2), nullable=True))
    op.execute(
        "UPDATE offer SET agreed_price = cleaning.price FROM cleaning"
        " WHERE cleaning.id = offer.cleaning_id AND offer.status IN ('accepted', 'completed')"
    )


def downgrade():
    op.drop_column('offer', 'agreed_price')
