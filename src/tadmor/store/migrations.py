"""Schema of the store (DuckDB and PostgreSQL), as an ordered list of recorded migrations.

Each applied step is recorded in ``schema_migrations(version, applied_at)``. Opening a
store applies, in order and each in its own transaction, only the steps it lacks. Never
edit a released step: append a new one.

Every record table has its content-hash id as primary key, real columns for what SQL
users filter on, and a ``record`` column holding the full record as JSON (see
:mod:`tadmor.store.codec`), from which records are read back exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from tadmor.errors import StoreError

DIALECTS = ("duckdb", "postgresql")


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step. ``statements`` run on every backend; ``only`` holds statements for
    one dialect (``("postgresql", sql)``), run after them, where the SQL differs."""

    version: int
    description: str
    statements: tuple[str, ...]
    only: tuple[tuple[str, str], ...] = ()

    def for_dialect(self, dialect: str) -> tuple[str, ...]:
        return self.statements + tuple(sql for d, sql in self.only if d == dialect)


class Target(Protocol):
    """What migrations run on: a connection of one backend, with ``?`` parameters."""

    dialect: str

    def run(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


_V1_TABLES = (
    """
    CREATE TABLE documents (
        doc_id VARCHAR PRIMARY KEY,
        origin VARCHAR NOT NULL,
        title VARCHAR,
        url VARCHAR,
        source VARCHAR,
        published DATE,
        date_source VARCHAR NOT NULL,
        language VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        record VARCHAR NOT NULL  -- the Document as JSON, without its text
    )
    """,
    """
    CREATE TABLE rejected (
        rejected_id VARCHAR PRIMARY KEY,
        origin VARCHAR NOT NULL,
        code VARCHAR NOT NULL,
        reason VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE event_mentions (
        mention_id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        event_type VARCHAR NOT NULL,
        sub_event_type VARCHAR NOT NULL,
        actor1 VARCHAR NOT NULL,
        actor2 VARCHAR NOT NULL,
        geonameid BIGINT,
        earliest DATE,
        latest DATE,
        modality VARCHAR NOT NULL,
        fatalities INTEGER,
        record VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY,
        event_date DATE,
        time_precision INTEGER NOT NULL,
        event_type VARCHAR NOT NULL,
        sub_event_type VARCHAR NOT NULL,
        actor1 VARCHAR NOT NULL,
        assoc_actor_1 VARCHAR NOT NULL,
        inter1 INTEGER NOT NULL,
        actor2 VARCHAR NOT NULL,
        assoc_actor_2 VARCHAR NOT NULL,
        inter2 INTEGER NOT NULL,
        interaction INTEGER NOT NULL,
        civilian_targeting BOOLEAN NOT NULL,
        location VARCHAR NOT NULL,
        admin1 VARCHAR NOT NULL,
        country VARCHAR NOT NULL,
        iso VARCHAR NOT NULL,
        latitude DOUBLE PRECISION,
        longitude DOUBLE PRECISION,
        geo_precision INTEGER NOT NULL,
        fatalities INTEGER NOT NULL,
        fatalities_low INTEGER,
        fatalities_high INTEGER,
        geonameid BIGINT,
        territorial VARCHAR NOT NULL,
        notes VARCHAR NOT NULL,
        record VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE claims (
        claim_id VARCHAR PRIMARY KEY,
        mention_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        modality VARCHAR NOT NULL,
        claimant VARCHAR NOT NULL,
        record VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE control_periods (
        period_id VARCHAR PRIMARY KEY,
        geonameid BIGINT NOT NULL,
        place VARCHAR NOT NULL,
        country_code VARCHAR NOT NULL,
        controller VARCHAR NOT NULL,
        start_date DATE,
        end_date DATE,
        start_event VARCHAR,
        end_event VARCHAR,
        inferred BOOLEAN NOT NULL,
        record VARCHAR NOT NULL
    )
    """,
)

_V2_ACLED_VIEW = (
    """
    CREATE VIEW acled_events AS
    SELECT
        event_id AS event_id_cnty,
        event_date,
        CAST(EXTRACT(YEAR FROM event_date) AS BIGINT) AS "year",
        time_precision,
        CASE
            WHEN event_type IN ('Battles', 'Explosions/Remote violence',
                                'Violence against civilians') THEN 'Political violence'
            WHEN event_type IN ('Protests', 'Riots') THEN 'Demonstrations'
            WHEN event_type = 'Strategic developments' THEN 'Strategic developments'
            ELSE ''
        END AS disorder_type,
        event_type, sub_event_type, actor1, assoc_actor_1, inter1,
        actor2, assoc_actor_2, inter2, interaction,
        CASE WHEN civilian_targeting THEN 'Civilian targeting' ELSE '' END
            AS civilian_targeting,
        iso, country, admin1, location, latitude, longitude, geo_precision,
        notes, fatalities, fatalities_low, fatalities_high
    FROM events
    """,
)

_V3_SERVE = (
    # the events table holds the events analysts see (corrections applied); the machine's
    # own coding is kept in machine_events so corrections can be applied again on re-runs
    "ALTER TABLE events ADD COLUMN evidence_text VARCHAR",
    "ALTER TABLE events ADD COLUMN correction_ids VARCHAR",
    "ALTER TABLE events ADD COLUMN updated_at TIMESTAMP",
    "UPDATE events SET evidence_text = lower(notes), correction_ids = '[]', "
    "updated_at = current_timestamp",
    """
    CREATE TABLE machine_events (
        event_id VARCHAR PRIMARY KEY,
        mentions VARCHAR NOT NULL,  -- JSON list of the event's mention ids
        record VARCHAR NOT NULL
    )
    """,
    "INSERT INTO machine_events SELECT event_id, '[]', record FROM events",
    """
    CREATE TABLE corrections (
        correction_id VARCHAR PRIMARY KEY,
        event_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        author VARCHAR NOT NULL,
        created TIMESTAMP NOT NULL,
        record VARCHAR NOT NULL
    )
    """,
    "CREATE SEQUENCE event_changes_seq",
    """
    CREATE TABLE event_changes (
        seq BIGINT PRIMARY KEY DEFAULT nextval('event_changes_seq'),
        event_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        into_id VARCHAR NOT NULL,
        changed_at TIMESTAMP NOT NULL
    )
    """,
    """
    CREATE TABLE resolutions (
        resolved_at TIMESTAMP PRIMARY KEY,
        events INTEGER NOT NULL,
        documents INTEGER NOT NULL,
        input_hash VARCHAR NOT NULL
    )
    """,
)
# DuckDB filters 100,000 rows by scanning (zone maps); PostgreSQL needs indexes.
_V3_PG_INDEXES = tuple(
    ("postgresql", sql)
    for sql in (
        "CREATE INDEX events_date ON events (event_date, event_id)",
        "CREATE INDEX events_updated ON events (updated_at)",
        "CREATE INDEX events_country ON events (lower(country))",
        "CREATE INDEX events_iso ON events (upper(iso))",
        "CREATE INDEX events_admin1 ON events (lower(admin1))",
        "CREATE INDEX events_location ON events (lower(location))",
        "CREATE INDEX events_geonameid ON events (geonameid)",
        "CREATE INDEX events_type ON events (lower(event_type), lower(sub_event_type))",
        "CREATE INDEX events_actor1 ON events (lower(actor1))",
        "CREATE INDEX events_actor2 ON events (lower(actor2))",
        "CREATE INDEX events_fatalities ON events (fatalities)",
        "CREATE INDEX events_latlon ON events (latitude, longitude)",
        "CREATE INDEX event_changes_at ON event_changes (changed_at)",
        "CREATE INDEX corrections_event ON corrections (event_id)",
    )
)

_V4_MEMBERS = (
    # which event each asserted mention belongs to, and whether a resolution has taken a
    # mention yet: incremental resolution reads an event's mentions, and the mentions no
    # run has resolved (a flag column, not a join over every mention)
    """
    CREATE TABLE event_members (
        mention_id VARCHAR PRIMARY KEY,
        event_id VARCHAR NOT NULL
    )
    """,
    "CREATE INDEX event_members_event ON event_members (event_id)",
    "ALTER TABLE event_mentions ADD COLUMN resolved BOOLEAN DEFAULT false",
)
_V4_RESOLVED = (
    "UPDATE event_mentions SET resolved = true WHERE mention_id IN "
    "(SELECT mention_id FROM event_members UNION SELECT mention_id FROM claims)"
)
# the machine events resolved before this step: their mentions, from the stored records
_V4_BACKFILL = (
    (
        "duckdb",
        "INSERT INTO event_members SELECT DISTINCT ON (mention_id) mention_id, event_id FROM "
        "(SELECT unnest(CAST(json_extract(record, '$.mentions') AS VARCHAR[])) AS mention_id, "
        "event_id FROM machine_events) ORDER BY mention_id, event_id",
    ),
    ("duckdb", _V4_RESOLVED),
    (
        "postgresql",
        "INSERT INTO event_members SELECT DISTINCT ON (mention_id) mention_id, event_id FROM "
        "(SELECT jsonb_array_elements_text((record::jsonb) -> 'mentions') AS mention_id, "
        "event_id FROM machine_events) x ORDER BY mention_id, event_id",
    ),
    ("postgresql", _V4_RESOLVED),
    ("postgresql", "CREATE INDEX event_mentions_pending ON event_mentions (resolved)"),
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "record tables", _V1_TABLES),
    Migration(2, "acled_events view with ACLED column names", _V2_ACLED_VIEW),
    Migration(3, "corrections, change feed, timestamps, machine events", _V3_SERVE, _V3_PG_INDEXES),
    Migration(4, "event_members and a resolved flag on mentions", _V4_MEMBERS, _V4_BACKFILL),
)

_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)
"""


def applied_versions(db: Target) -> list[int]:
    """Versions recorded in ``schema_migrations`` (creating that table if needed), ascending."""
    db.run(_BOOKKEEPING)
    rows = db.rows("SELECT version FROM schema_migrations ORDER BY version")
    return [int(r[0]) for r in rows]


def apply_migrations(db: Target, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the steps of ``migrations`` not yet recorded; return the versions applied now.

    Each step and its record commit together, so an interrupted upgrade leaves the store
    at the last completed step.
    """
    versions = [m.version for m in migrations]
    if versions != sorted(set(versions)):
        raise StoreError("E306", "migrations must have distinct, increasing versions")
    done = set(applied_versions(db))
    known = set(versions)
    newer = sorted(v for v in done if v not in known and v > max(known, default=0))
    if newer:
        raise StoreError(
            "E305",
            f"the store has schema version {newer[-1]}, newer than this Tadmor knows "
            f"({max(known, default=0)}); upgrade Tadmor or use another store",
        )
    applied: list[int] = []
    for m in migrations:
        if m.version in done:
            continue
        db.run("BEGIN TRANSACTION")
        try:
            for sql in m.for_dialect(db.dialect):
                db.run(sql)
            db.run("INSERT INTO schema_migrations (version) VALUES (?)", [m.version])
            db.run("COMMIT")
        except BaseException:
            db.run("ROLLBACK")
            raise
        applied.append(m.version)
    return applied
