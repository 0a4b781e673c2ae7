"""Device sync and the partner channel: the parts that never touch the journal.

- `hlc`: hybrid logical clock stamps, the order every device agrees on;
- `changes`: change envelopes and their canonical batches;
- `crypto`: age encryption (through pyrage) of batches and of the sync key;
- `folder`: the shared folder on disk, the only module here that does I/O.

Recording changes as the journal is written, and applying the changes that come
in, build on these.
"""
