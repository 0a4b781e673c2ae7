"""SQLModel tables. Their columns must match what the migrations create."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel


class EntryRow(SQLModel, table=True):
    __tablename__ = "entry"

    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True)
    kind: str
    day: date = Field(index=True)
    written_at: str
    text: str
    lang: str | None = None
    slot: int | None = None
    positive: bool | None = None
    horseman: str | None = None
    reframe: str | None = None
    prompt_id: str | None = None
    prompt: str | None = None
    edited_at: str | None = None


class EntryTagRow(SQLModel, table=True):
    __tablename__ = "entry_tag"

    entry_id: str = Field(foreign_key="entry.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, index=True)


class RitualRow(SQLModel, table=True):
    __tablename__ = "ritual"

    id: str = Field(primary_key=True)
    name: str
    name_key: str = Field(unique=True)
    cadence: str
    created: date
    archived: date | None = None


class CheckRow(SQLModel, table=True):
    __tablename__ = "ritual_check"

    id: str = Field(primary_key=True)
    ritual_id: str = Field(foreign_key="ritual.id", ondelete="CASCADE")
    day: date = Field(index=True)
    written_at: str


class PauseRow(SQLModel, table=True):
    __tablename__ = "ritual_pause"

    id: str = Field(primary_key=True)
    ritual_id: str = Field(foreign_key="ritual.id", ondelete="CASCADE", index=True)
    first_day: date
    last_day: date


class ImportantDateRow(SQLModel, table=True):
    __tablename__ = "important_date"

    id: str = Field(primary_key=True)
    name: str
    name_key: str = Field(unique=True)
    day: date
    yearly: bool
    together: bool


class TombstoneRow(SQLModel, table=True):
    __tablename__ = "entry_tombstone"

    id: str = Field(primary_key=True)
    deleted_at: str


class MarkRow(SQLModel, table=True):
    __tablename__ = "ritual_mark"

    id: str = Field(primary_key=True)
    ritual_id: str = Field(foreign_key="ritual.id", ondelete="CASCADE")
    day: date = Field(index=True)
    mark: str
    written_at: str


class ChangeRow(SQLModel, table=True):
    __tablename__ = "change"

    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True)
    stamp: str = Field(index=True)
    op: str
    payload: str
    origin: str
    sent: str | None = None
    subject: str = Field(index=True)


class SyncFileRow(SQLModel, table=True):
    __tablename__ = "sync_file"

    name: str = Field(primary_key=True)
    device: str
    read_at: str
    changes: int


class SyncStateRow(SQLModel, table=True):
    __tablename__ = "sync_state"

    key: str = Field(primary_key=True)
    value: str


class RevisionRow(SQLModel, table=True):
    __tablename__ = "entry_revision"

    id: str = Field(primary_key=True)
    entry_id: str = Field(index=True)
    stamp: str
    saved_at: str
    text: str
    version: str


class StreakSummaryRow(SQLModel, table=True):
    __tablename__ = "streak_summary"

    name: str = Field(primary_key=True)
    rule: str
    through: date
    best: int
    run: int


class RitualWalkRow(SQLModel, table=True):
    __tablename__ = "ritual_walk"

    ritual_id: str = Field(primary_key=True)
    rule: str
    first: date
    through: date
    run: int
    best: int
    score: float
    weight: float


class ThreeClaimRow(SQLModel, table=True):
    __tablename__ = "three_claim"

    entry_id: str = Field(primary_key=True)
    day: date = Field(index=True)
    slot: int
    written_at: str


class RitualAliasRow(SQLModel, table=True):
    __tablename__ = "ritual_alias"

    id: str = Field(primary_key=True)
    survivor: str


class PartnerRow(SQLModel, table=True):
    __tablename__ = "partner"

    id: str = Field(primary_key=True)
    name: str
    public_key: str
    folder: str
    joined_at: str
    left_at: str | None = None
    they_left_at: str | None = None


class PartnerSelfRow(SQLModel, table=True):
    __tablename__ = "partner_self"

    key: str = Field(primary_key=True)
    value: str


class PartnerItemRow(SQLModel, table=True):
    __tablename__ = "partner_item"

    id: str = Field(primary_key=True)
    author: str
    kind: str
    day: date = Field(index=True)
    body: str
    stamp: str
    written_at: str
    edited_at: str | None = None
    deleted_at: str | None = None
    source: str | None = Field(default=None, index=True)


class PartnerRitualRow(SQLModel, table=True):
    __tablename__ = "partner_ritual"

    ritual_id: str = Field(foreign_key="ritual.id", primary_key=True, ondelete="CASCADE")


class PartnerOutboxRow(SQLModel, table=True):
    __tablename__ = "partner_outbox"

    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True)
    stamp: str
    op: str
    payload: str
    sent: str | None = None


class PartnerFileRow(SQLModel, table=True):
    __tablename__ = "partner_file"

    name: str = Field(primary_key=True)
    read_at: str
    changes: int
