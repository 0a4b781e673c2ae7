"""Storage: SQLModel tables over one SQLite file, migrations, and queries.

Importing this package pulls in SQLModel and SQLAlchemy (about half a second),
so the CLI imports it only inside commands that touch data.
"""
