"""Storage: one SQLite file, its migrations, the read side and the write side.

The read side (`reader`, `queries`) and the file checks (`checks`, `files`,
`crypto`, `migrations`) use the standard library alone, so read commands never
pay for SQLAlchemy. The write side (`db`, `models`, `entries`, `rituals`,
`exchange`) goes through SQLModel, about half a second to import, and is
imported only by commands that write.
"""
