"""The partner channel's rules, with no I/O: the invite code, what may cross, the inbox.

Two people's journals exchange only what each of them marked to share. The
files, the keys and the journal live elsewhere (`sparklog.sync.folder`,
`sparklog.sync.crypto`, `sparklog.store.partner`); this package decides what
an invite code holds, which items exist and what each may carry, and how the
inbox reads.
"""
