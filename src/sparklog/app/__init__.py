"""The use cases: one function per thing a person looks at (and, later, records).

Each opens the journal, runs its one transaction and returns a result object
from `sparklog.core`; the CLI parses, calls one of these and renders what comes
back. The views here read through the standard library's `sqlite3`
(`sparklog.store.reader`), so none of them loads SQLAlchemy.
"""
