"""The schema's history as an ordered list; the database records how far it got.

`PRAGMA user_version` holds the number of migrations applied and
`PRAGMA application_id` marks the file as sparklog's. A migration is only ever
appended, never edited, so every older journal upgrades along the same path.
"""

from __future__ import annotations

from typing import NamedTuple

APPLICATION_ID = 0x53504B4C  # "SPKL"


class Migration(NamedTuple):
    version: int
    summary: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "entries, their tags, and full-text search",
        (
            """CREATE TABLE entry (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('gratitude', 'three', 'observation')),
                day TEXT NOT NULL,
                written_at TEXT NOT NULL,
                text TEXT NOT NULL,
                lang TEXT CHECK (lang IN ('words', 'acts', 'gifts', 'time', 'touch')),
                slot INTEGER CHECK (slot BETWEEN 1 AND 3),
                positive BOOLEAN,
                horseman TEXT CHECK (horseman IN
                    ('criticism', 'contempt', 'defensiveness', 'stonewalling')),
                reframe TEXT
            )""",
            "CREATE INDEX ix_entry_day ON entry (day)",
            "CREATE INDEX ix_entry_kind_day ON entry (kind, day)",
            "CREATE UNIQUE INDEX ux_entry_three_slot ON entry (day, slot) WHERE kind = 'three'",
            """CREATE TABLE entry_tag (
                entry_id TEXT NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
                tag TEXT NOT NULL,
                PRIMARY KEY (entry_id, tag)
            )""",
            "CREATE INDEX ix_entry_tag_tag ON entry_tag (tag)",
            """CREATE VIRTUAL TABLE entry_fts USING fts5 (
                text, reframe, content = 'entry', content_rowid = 'seq',
                tokenize = 'unicode61 remove_diacritics 2'
            )""",
            """CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
                INSERT INTO entry_fts (rowid, text, reframe)
                VALUES (new.seq, new.text, new.reframe);
            END""",
            """CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
                INSERT INTO entry_fts (entry_fts, rowid, text, reframe)
                VALUES ('delete', old.seq, old.text, old.reframe);
            END""",
            """CREATE TRIGGER entry_fts_update AFTER UPDATE ON entry BEGIN
                INSERT INTO entry_fts (entry_fts, rowid, text, reframe)
                VALUES ('delete', old.seq, old.text, old.reframe);
                INSERT INTO entry_fts (rowid, text, reframe)
                VALUES (new.seq, new.text, new.reframe);
            END""",
        ),
    ),
    Migration(
        2,
        "rituals, their check-offs and pauses",
        (
            """CREATE TABLE ritual (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL UNIQUE,
                cadence TEXT NOT NULL,
                created TEXT NOT NULL,
                archived TEXT
            )""",
            """CREATE TABLE ritual_check (
                id TEXT PRIMARY KEY NOT NULL,
                ritual_id TEXT NOT NULL REFERENCES ritual (id) ON DELETE CASCADE,
                day TEXT NOT NULL,
                written_at TEXT NOT NULL,
                UNIQUE (ritual_id, day)
            )""",
            "CREATE INDEX ix_ritual_check_day ON ritual_check (day)",
            """CREATE TABLE ritual_pause (
                id TEXT PRIMARY KEY NOT NULL,
                ritual_id TEXT NOT NULL REFERENCES ritual (id) ON DELETE CASCADE,
                first_day TEXT NOT NULL,
                last_day TEXT NOT NULL,
                CHECK (first_day <= last_day)
            )""",
            "CREATE INDEX ix_ritual_pause_ritual_id ON ritual_pause (ritual_id)",
        ),
    ),
    Migration(
        3,
        "search folds case and compatibility forms alike (ß = ss, ﬁ = fi)",
        (
            # The index holds sparklog_fold(text), a function each connection
            # registers (sparklog.store.db); it has no content of its own.
            "DROP TRIGGER entry_fts_insert",
            "DROP TRIGGER entry_fts_delete",
            "DROP TRIGGER entry_fts_update",
            "DROP TABLE entry_fts",
            """CREATE VIRTUAL TABLE entry_fts USING fts5 (
                text, reframe, content = '',
                tokenize = 'unicode61 remove_diacritics 2'
            )""",
            """INSERT INTO entry_fts (rowid, text, reframe)
                SELECT seq, sparklog_fold(text), sparklog_fold(reframe) FROM entry""",
            """CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
                INSERT INTO entry_fts (rowid, text, reframe)
                VALUES (new.seq, sparklog_fold(new.text), sparklog_fold(new.reframe));
            END""",
            """CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
                INSERT INTO entry_fts (entry_fts, rowid, text, reframe)
                VALUES ('delete', old.seq, sparklog_fold(old.text), sparklog_fold(old.reframe));
            END""",
            """CREATE TRIGGER entry_fts_update AFTER UPDATE ON entry BEGIN
                INSERT INTO entry_fts (entry_fts, rowid, text, reframe)
                VALUES ('delete', old.seq, sparklog_fold(old.text), sparklog_fold(old.reframe));
                INSERT INTO entry_fts (rowid, text, reframe)
                VALUES (new.seq, sparklog_fold(new.text), sparklog_fold(new.reframe));
            END""",
        ),
    ),
    Migration(
        4,
        "important dates: anniversaries, birthdays, one-off days, the together date",
        (
            """CREATE TABLE important_date (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL UNIQUE,
                day TEXT NOT NULL,
                yearly BOOLEAN NOT NULL,
                together BOOLEAN NOT NULL
            )""",
            # At most one together date: the day the relationship began.
            "CREATE UNIQUE INDEX ux_important_date_together ON important_date (together)"
            " WHERE together",
        ),
    ),
    Migration(
        5,
        "corrections, reflections, and ritual days skipped or answered no",
        (
            # SQLite cannot change the CHECK on kind in place, so `entry` is rebuilt.
            # Its tags are set aside first: with foreign keys on, dropping `entry`
            # would otherwise cascade into `entry_tag`. Rows keep their seq, which
            # is the search index's rowid, so the index stays as it is.
            "CREATE TEMP TABLE entry_tag_kept AS SELECT entry_id, tag FROM entry_tag",
            "DROP TABLE entry_tag",
            "DROP TRIGGER entry_fts_insert",
            "DROP TRIGGER entry_fts_delete",
            "DROP TRIGGER entry_fts_update",
            """CREATE TABLE entry_next (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN
                    ('gratitude', 'three', 'observation', 'reflection')),
                day TEXT NOT NULL,
                written_at TEXT NOT NULL,
                text TEXT NOT NULL,
                lang TEXT CHECK (lang IN ('words', 'acts', 'gifts', 'time', 'touch')),
                slot INTEGER CHECK (slot BETWEEN 1 AND 3),
                positive BOOLEAN,
                horseman TEXT CHECK (horseman IN
                    ('criticism', 'contempt', 'defensiveness', 'stonewalling')),
                reframe TEXT,
                prompt_id TEXT,
                prompt TEXT,
                edited_at TEXT
            )""",
            """INSERT INTO entry_next (seq, id, kind, day, written_at, text, lang, slot,
                    positive, horseman, reframe)
                SELECT seq, id, kind, day, written_at, text, lang, slot,
                    positive, horseman, reframe FROM entry""",
            "DROP TABLE entry",
            "ALTER TABLE entry_next RENAME TO entry",
            "CREATE INDEX ix_entry_day ON entry (day)",
            "CREATE INDEX ix_entry_kind_day ON entry (kind, day)",
            "CREATE UNIQUE INDEX ux_entry_three_slot ON entry (day, slot) WHERE kind = 'three'",
            """CREATE TABLE entry_tag (
                entry_id TEXT NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
                tag TEXT NOT NULL,
                PRIMARY KEY (entry_id, tag)
            )""",
            "INSERT INTO entry_tag (entry_id, tag) SELECT entry_id, tag FROM entry_tag_kept",
            "DROP TABLE entry_tag_kept",
            "CREATE INDEX ix_entry_tag_tag ON entry_tag (tag)",
            """CREATE TRIGGER entry_fts_insert AFTER INSERT ON entry BEGIN
                INSERT INTO entry_fts (rowid, text, reframe)
                VALUES (new.seq, sparklog_fold(new.text), sparklog_fold(new.reframe));
            END""",
            """CREATE TRIGGER entry_fts_delete AFTER DELETE ON entry BEGIN
                INSERT INTO entry_fts (entry_fts, rowid, text, reframe)
                VALUES ('delete', old.seq, sparklog_fold(old.text), sparklog_fold(old.reframe));
            END""",
            # Only a change of what is searched touches the index.
            """CREATE TRIGGER entry_fts_update AFTER UPDATE OF text, reframe ON entry BEGIN
                INSERT INTO entry_fts (entry_fts, rowid, text, reframe)
                VALUES ('delete', old.seq, sparklog_fold(old.text), sparklog_fold(old.reframe));
                INSERT INTO entry_fts (rowid, text, reframe)
                VALUES (new.seq, sparklog_fold(new.text), sparklog_fold(new.reframe));
            END""",
            # A deleted entry leaves its id and when, so nothing brings it back.
            """CREATE TABLE entry_tombstone (
                id TEXT PRIMARY KEY NOT NULL,
                deleted_at TEXT NOT NULL
            )""",
            # A due day excused ('skip': neither counts nor breaks) or answered
            # 'no' in the evening (not asked again that day). A kept day is a check.
            """CREATE TABLE ritual_mark (
                id TEXT PRIMARY KEY NOT NULL,
                ritual_id TEXT NOT NULL REFERENCES ritual (id) ON DELETE CASCADE,
                day TEXT NOT NULL,
                mark TEXT NOT NULL CHECK (mark IN ('skip', 'no')),
                written_at TEXT NOT NULL,
                UNIQUE (ritual_id, day)
            )""",
            "CREATE INDEX ix_ritual_mark_day ON ritual_mark (day)",
        ),
    ),
    Migration(
        6,
        "the change log that device sync and the partner channel carry",
        (
            # Every write through the use-case layer appends its changes here in
            # the same transaction. `stamp` is the hybrid-clock stamp as text
            # (sparklog.sync.hlc.Stamp.text), which sorts as the stamps do.
            # `sent` names the batch file an own change went out in (NULL: not
            # yet sent); a change that came in from another device is stored
            # with the file it came in and is never sent again.
            """CREATE TABLE change (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                stamp TEXT NOT NULL,
                op TEXT NOT NULL,
                payload TEXT NOT NULL,
                origin TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
                sent TEXT,
                subject TEXT NOT NULL
            )""",
            "CREATE INDEX ix_change_stamp ON change (stamp)",
            # What a change is about ('entry:<uuid>', 'ritual:<uuid>',
            # 'mark:<ritual uuid>:<day>', 'date:<name key>'): applying a change
            # settles its subject again from every change about it.
            "CREATE INDEX ix_change_subject ON change (subject)",
            "CREATE INDEX ix_change_unsent ON change (seq) WHERE origin = 'local' AND sent IS NULL",
            # Other devices' batch files already applied: a sync reads only the rest.
            """CREATE TABLE sync_file (
                name TEXT PRIMARY KEY NOT NULL,
                device TEXT NOT NULL,
                read_at TEXT NOT NULL,
                changes INTEGER NOT NULL
            )""",
            # This device's sync settings (folder, device id and name, last clock
            # reading). Local to this journal: config and these never travel.
            """CREATE TABLE sync_state (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            )""",
            # The versions of an entry that lost to a later edit, or that were
            # written after it was deleted: no typed word is lost in a merge.
            # `id` is the change that wrote the version; `version` its fields.
            """CREATE TABLE entry_revision (
                id TEXT PRIMARY KEY NOT NULL,
                entry_id TEXT NOT NULL,
                stamp TEXT NOT NULL,
                saved_at TEXT NOT NULL,
                text TEXT NOT NULL,
                version TEXT NOT NULL
            )""",
            "CREATE INDEX ix_entry_revision_entry_id ON entry_revision (entry_id)",
            # The slot each three-things item asked for when it was written; an
            # item that lost its slot to an earlier one keeps its claim here.
            """CREATE TABLE three_claim (
                entry_id TEXT PRIMARY KEY NOT NULL,
                day TEXT NOT NULL,
                slot INTEGER NOT NULL CHECK (slot BETWEEN 1 AND 3),
                written_at TEXT NOT NULL
            )""",
            "CREATE INDEX ix_three_claim_day ON three_claim (day)",
            # Rituals created under the same name on two devices are one: each
            # ritual id that was merged names the id it lives on as.
            """CREATE TABLE ritual_alias (
                id TEXT PRIMARY KEY NOT NULL,
                survivor TEXT NOT NULL
            )""",
        ),
    ),
    Migration(
        7,
        "the partner channel: the partner, what was shared and received, files read",
        (
            # The partner this journal exchanges with: their channel id (which names
            # their folder), the key files are encrypted to, and the couple's folder.
            # `left_at`: this person left; `they_left_at`: the partner said they left.
            """CREATE TABLE partner (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                public_key TEXT NOT NULL,
                folder TEXT NOT NULL,
                joined_at TEXT NOT NULL,
                left_at TEXT,
                they_left_at TEXT
            )""",
            # This person on the channel: their channel id, the name the partner
            # sees, the clock's last reading. The private key is a 0600 file beside
            # the journal, never in it.
            """CREATE TABLE partner_self (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            )""",
            # Everything that crossed, both ways: items this person shared (author
            # 'me', with their source: the entry, or `ritual-id@day` for a check-off)
            # and items received ('partner').
            # A deleted item keeps its id and loses its words.
            """CREATE TABLE partner_item (
                id TEXT PRIMARY KEY NOT NULL,
                author TEXT NOT NULL CHECK (author IN ('me', 'partner')),
                kind TEXT NOT NULL CHECK (kind IN ('appreciation', 'message', 'check', 'reaction')),
                day TEXT NOT NULL,
                body TEXT NOT NULL,
                stamp TEXT NOT NULL,
                written_at TEXT NOT NULL,
                edited_at TEXT,
                deleted_at TEXT,
                source TEXT
            )""",
            "CREATE INDEX ix_partner_item_source ON partner_item (source)",
            "CREATE INDEX ix_partner_item_day ON partner_item (day)",
            # Rituals made with --shared: their check-offs are sent.
            """CREATE TABLE partner_ritual (
                ritual_id TEXT PRIMARY KEY NOT NULL REFERENCES ritual (id) ON DELETE CASCADE
            )""",
            # What this person has to send, as changes; `sent` names the file it went in.
            """CREATE TABLE partner_outbox (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                stamp TEXT NOT NULL,
                op TEXT NOT NULL,
                payload TEXT NOT NULL,
                sent TEXT
            )""",
            # The partner's files already read.
            """CREATE TABLE partner_file (
                name TEXT PRIMARY KEY NOT NULL,
                read_at TEXT NOT NULL,
                changes INTEGER NOT NULL
            )""",
        ),
    ),
    Migration(
        8,
        "the partner channel carries answers to the day's question",
        (
            # SQLite cannot change the CHECK on kind in place, so `partner_item` is
            # rebuilt; nothing refers to it, and its rows keep every column.
            """CREATE TABLE partner_item_next (
                id TEXT PRIMARY KEY NOT NULL,
                author TEXT NOT NULL CHECK (author IN ('me', 'partner')),
                kind TEXT NOT NULL CHECK (kind IN
                    ('appreciation', 'message', 'check', 'reaction', 'answer')),
                day TEXT NOT NULL,
                body TEXT NOT NULL,
                stamp TEXT NOT NULL,
                written_at TEXT NOT NULL,
                edited_at TEXT,
                deleted_at TEXT,
                source TEXT
            )""",
            """INSERT INTO partner_item_next (id, author, kind, day, body, stamp, written_at,
                    edited_at, deleted_at, source)
                SELECT id, author, kind, day, body, stamp, written_at,
                    edited_at, deleted_at, source FROM partner_item""",
            "DROP TABLE partner_item",
            "ALTER TABLE partner_item_next RENAME TO partner_item",
            "CREATE INDEX ix_partner_item_source ON partner_item (source)",
            "CREATE INDEX ix_partner_item_day ON partner_item (day)",
        ),
    ),
    Migration(
        9,
        "the streaks keep a summary of their older days",
        (
            # Each built-in streak over the kept days up to `through`: its best run
            # and the run that ends on `through` (0 when that day is not kept).
            # `rule` names the kinds and the count a day needs, as the summary was
            # worked out for. A read adds the few days after `through`, so its cost
            # does not grow with the years; every write puts the summary right.
            """CREATE TABLE streak_summary (
                name TEXT PRIMARY KEY NOT NULL,
                rule TEXT NOT NULL,
                through TEXT NOT NULL,
                best INTEGER NOT NULL,
                run INTEGER NOT NULL
            )""",
            # Any change to an entry on a day a summary covers drops the summaries,
            # whoever makes it (a command, a device's sync, an import).
            """CREATE TRIGGER streak_summary_entry_insert AFTER INSERT ON entry
                WHEN new.day <= (SELECT max(through) FROM streak_summary)
                BEGIN DELETE FROM streak_summary; END""",
            """CREATE TRIGGER streak_summary_entry_delete AFTER DELETE ON entry
                WHEN old.day <= (SELECT max(through) FROM streak_summary)
                BEGIN DELETE FROM streak_summary; END""",
            """CREATE TRIGGER streak_summary_entry_update AFTER UPDATE OF day, kind ON entry
                WHEN min(old.day, new.day) <= (SELECT max(through) FROM streak_summary)
                BEGIN DELETE FROM streak_summary; END""",
            # Each ritual's walk over its units up to `through` (a week's last day),
            # as `sparklog.core.streaks.Walk` holds it; `rule` is its `walk_rule`.
            """CREATE TABLE ritual_walk (
                ritual_id TEXT PRIMARY KEY NOT NULL,
                rule TEXT NOT NULL,
                first TEXT NOT NULL,
                through TEXT NOT NULL,
                run INTEGER NOT NULL,
                best INTEGER NOT NULL,
                score REAL NOT NULL,
                weight REAL NOT NULL
            )""",
            # A check-off on a walked day, or the ritual gone, drops its walk.
            """CREATE TRIGGER ritual_walk_check_insert AFTER INSERT ON ritual_check BEGIN
                DELETE FROM ritual_walk WHERE ritual_id = new.ritual_id AND through >= new.day;
            END""",
            """CREATE TRIGGER ritual_walk_check_delete AFTER DELETE ON ritual_check BEGIN
                DELETE FROM ritual_walk WHERE ritual_id = old.ritual_id AND through >= old.day;
            END""",
            """CREATE TRIGGER ritual_walk_check_update AFTER UPDATE ON ritual_check BEGIN
                DELETE FROM ritual_walk WHERE (ritual_id = old.ritual_id AND through >= old.day)
                    OR (ritual_id = new.ritual_id AND through >= new.day);
            END""",
            """CREATE TRIGGER ritual_walk_ritual_delete AFTER DELETE ON ritual BEGIN
                DELETE FROM ritual_walk WHERE ritual_id = old.id;
            END""",
        ),
    ),
)

LATEST = MIGRATIONS[-1].version
