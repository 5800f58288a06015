"""Schema of the DuckDB store, as an ordered list of recorded migrations.

Each applied step is recorded in ``schema_migrations(version, applied_at)``. Opening a
store applies, in order and each in its own transaction, only the steps it lacks. Never
edit a released step: append a new one.

Every record table has its content-hash id as primary key, real columns for what SQL
users filter on, and a ``record`` column holding the full record as JSON (see
:mod:`tadmor.store.codec`), from which records are read back exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tadmor.errors import StoreError


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


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
        latitude DOUBLE,
        longitude DOUBLE,
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
        year(event_date) AS "year",
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

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "record tables", _V1_TABLES),
    Migration(2, "acled_events view with ACLED column names", _V2_ACLED_VIEW),
)

_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)
"""


def applied_versions(conn: Any) -> list[int]:
    """Versions recorded in ``schema_migrations`` (creating that table if needed), ascending."""
    conn.execute(_BOOKKEEPING)
    rows = conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    return [int(r[0]) for r in rows]


def apply_migrations(conn: Any, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the steps of ``migrations`` not yet recorded; return the versions applied now.

    ``conn`` is a DuckDB connection. Each step and its record commit together, so an
    interrupted upgrade leaves the store at the last completed step.
    """
    versions = [m.version for m in migrations]
    if versions != sorted(set(versions)):
        raise StoreError("E306", "migrations must have distinct, increasing versions")
    done = set(applied_versions(conn))
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
        conn.execute("BEGIN TRANSACTION")
        try:
            for sql in m.statements:
                conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations (version) VALUES (?)", [m.version])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(m.version)
    return applied
