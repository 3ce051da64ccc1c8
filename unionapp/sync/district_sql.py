"""The district layer of a PostgreSQL database, as SQL: offices and their PCs, who owns each
row, what every change was (for the PCs to pull), and who may see what (row-level security).

Everything here can run again: ``server init`` on a database already set up changes nothing.
"""

from __future__ import annotations

from unionapp.sync import tables

LAYER = 1  # the district layer's own version, beside the schema's revision
OFFICES = "unionapp_offices"  # every office's role is a member: what offices may do
DISTRICT = "unionapp_district"  # members read every office's records (the district's staff)
# The natural keys that are unique per office on the server (one per office, not per district).
PER_OFFICE_UNIQUE = {
    "enterprise": [("credit_code",)],
    "family": [("archive_no",), ("id_number",)],
    "ownership_type": [("name",)],
    "target": [("year", "metric")],
}
# Keys numbered or named within each office: its settings, its archive numbers, and its own
# audit chain (each office's entries are numbered and sealed one after another).
PER_OFFICE_KEYS = {
    "setting": ("key",),
    "archive_sequence": ("prefix", "year"),
    "audit_log": ("id",),
}
OWNED = (*tables.SYNCED, "audit_log", "archive_sequence")  # tables whose rows an office owns


BOOKKEEPING_SQL = "ARRAY[" + ", ".join(f"'{c}'" for c in sorted(tables.BOOKKEEPING)) + "]"
SHARED_SQL = "ARRAY[" + ", ".join(f"'{k}'" for k in sorted(tables.SHARED_SETTINGS)) + "]"

FOUNDATION = f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS office (
    code text PRIMARY KEY,
    name text NOT NULL,
    role text NOT NULL UNIQUE,
    next_pc_no integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE OR REPLACE FUNCTION unionapp_office() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT code FROM office WHERE role = session_user
$$;
CREATE TABLE IF NOT EXISTS district (
    id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    server_id text NOT NULL,
    layer integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE district ADD COLUMN IF NOT EXISTS sync_schema text;
ALTER TABLE district ADD COLUMN IF NOT EXISTS sync_revision text;
CREATE TABLE IF NOT EXISTS office_pc (
    pc_id text PRIMARY KEY,
    office text NOT NULL REFERENCES office(code) DEFAULT unionapp_office(),
    pc_no integer NOT NULL,
    first_seen timestamptz NOT NULL DEFAULT now(),
    last_sync timestamptz,
    UNIQUE (office, pc_no)
);
CREATE TABLE IF NOT EXISTS server_change (
    seq bigserial PRIMARY KEY,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    office text NOT NULL,
    table_name text NOT NULL,
    uid text NOT NULL,
    version integer NOT NULL,
    op text NOT NULL,
    fields jsonb NOT NULL,
    origin text,
    pc_id text,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ix_server_change_pull ON server_change (office, xid, seq);
CREATE INDEX IF NOT EXISTS ix_server_change_record ON server_change (office, uid, version);
CREATE TABLE IF NOT EXISTS applied_change (
    change_id text PRIMARY KEY,
    office text NOT NULL DEFAULT coalesce(unionapp_office(), ''),
    pc_id text,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS server_conflict (
    id bigserial PRIMARY KEY,
    office text NOT NULL DEFAULT coalesce(unionapp_office(), ''),
    pc_id text NOT NULL,
    table_name text NOT NULL,
    uid text NOT NULL,
    field text NOT NULL DEFAULT '',
    kind text NOT NULL,
    mine jsonb,
    theirs jsonb,
    label text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    resolution text,
    resolved_at timestamptz
);
ALTER TABLE server_conflict ADD COLUMN IF NOT EXISTS change_id text;
CREATE INDEX IF NOT EXISTS ix_server_conflict_change ON server_conflict (change_id);

CREATE OR REPLACE FUNCTION unionapp_reads_all() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(session_user, '{DISTRICT}', 'MEMBER')
$$;
CREATE OR REPLACE FUNCTION unionapp_uuid7() RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT (
        lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0')
        || '7' || substr(md5(random()::text), 1, 3)
        || to_hex(8 + floor(random() * 4)::int) || substr(md5(random()::text), 1, 15)
    )::uuid::text
$$;
-- A PC of the calling office: its number within the office (given at its first sync).
CREATE OR REPLACE FUNCTION unionapp_register_pc(pc text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    mine text := unionapp_office();
    found integer;
BEGIN
    IF mine IS NULL THEN
        RAISE EXCEPTION 'not an office role' USING ERRCODE = '42501';
    END IF;
    IF EXISTS (SELECT 1 FROM office_pc WHERE pc_id = pc AND office <> mine) THEN
        RAISE EXCEPTION 'this PC syncs for another office' USING ERRCODE = '42501';
    END IF;
    SELECT pc_no INTO found FROM office_pc WHERE pc_id = pc;
    IF found IS NOT NULL THEN
        UPDATE office_pc SET last_sync = now() WHERE pc_id = pc;
        RETURN found;
    END IF;
    UPDATE office SET next_pc_no = next_pc_no + 1 WHERE code = mine
        RETURNING next_pc_no - 1 INTO found;
    INSERT INTO office_pc (pc_id, office, pc_no, last_sync) VALUES (pc, mine, found, now());
    RETURN found;
END
$$;
"""

# Another office holding a family with this ID number: its name only, never the family
# (made once the tables have their office column).
OTHER_OFFICE = """
CREATE OR REPLACE FUNCTION unionapp_other_office(number text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT o.name FROM family f JOIN office o ON o.code = f.office
    WHERE f.id_number = number AND f.office IS DISTINCT FROM unionapp_office()
    ORDER BY o.code LIMIT 1
$$;
"""

# Before a row is written: its uid (rows a direct-mode clerk adds get one here) and version.
STAMP = """
CREATE OR REPLACE FUNCTION unionapp_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.uid IS NULL THEN
            NEW.uid := unionapp_uuid7();
        END IF;
        NEW.version := 1;
    ELSIF NEW.version IS NOT DISTINCT FROM OLD.version THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END
$$;
"""

# After a row is written: what changed, parents by uid, for the office's PCs to pull.
CAPTURE = f"""
CREATE OR REPLACE FUNCTION unionapp_capture() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    old_row jsonb := '{{}}';
    new_row jsonb := '{{}}';
    changed jsonb := '{{}}';
    name text;
    link record;
    parent text;
    kind text := lower(TG_OP);
    row_uid text;
    row_office text;
    row_version integer;
BEGIN
    IF TG_OP = 'DELETE' THEN
        old_row := to_jsonb(OLD);
        row_uid := OLD.uid; row_office := OLD.office; row_version := OLD.version + 1;
    ELSE
        new_row := to_jsonb(NEW);
        row_uid := NEW.uid; row_office := NEW.office; row_version := NEW.version;
        IF TG_OP = 'UPDATE' THEN
            old_row := to_jsonb(OLD);
        END IF;
        FOR name IN SELECT jsonb_object_keys(new_row) LOOP
            CONTINUE WHEN name = ANY ({BOOKKEEPING_SQL});
            CONTINUE WHEN TG_OP = 'INSERT' AND new_row -> name = 'null'::jsonb;
            IF (old_row -> name) IS DISTINCT FROM (new_row -> name) THEN
                changed := changed || jsonb_build_object(name, new_row -> name);
            END IF;
        END LOOP;
        FOR link IN SELECT column_name, parent_table FROM sync_link
                    WHERE table_name = TG_TABLE_NAME LOOP
            IF changed ? link.column_name AND changed ->> link.column_name IS NOT NULL THEN
                EXECUTE format('SELECT uid FROM %I WHERE id = $1', link.parent_table)
                    INTO parent USING (changed ->> link.column_name)::integer;
                changed := jsonb_set(changed, ARRAY[link.column_name], to_jsonb(parent));
            END IF;
        END LOOP;
        IF TG_OP = 'UPDATE' AND changed = '{{}}' THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_TABLE_NAME = 'setting'
       AND NOT (coalesce(new_row ->> 'key', old_row ->> 'key') = ANY ({SHARED_SQL})) THEN
        RETURN NULL;
    END IF;
    INSERT INTO server_change (office, table_name, uid, version, op, fields, origin, pc_id)
    VALUES (row_office, TG_TABLE_NAME, row_uid, row_version, kind, changed,
            nullif(current_setting('unionapp.change_id', true), ''),
            nullif(current_setting('unionapp.pc_id', true), ''));
    RETURN NULL;
END
$$;
CREATE TABLE IF NOT EXISTS sync_link (
    table_name text NOT NULL,
    column_name text NOT NULL,
    parent_table text NOT NULL,
    PRIMARY KEY (table_name, column_name)
);
"""


def links_sql() -> str:
    """The parent links the capture trigger names by uid."""
    values = [
        f"('{name}', '{column}', '{parent}')"
        for name in tables.SYNCED
        for column, parent in tables.parents(name).items()
    ]
    return (
        "INSERT INTO sync_link (table_name, column_name, parent_table) VALUES "
        + ", ".join(values)
        + " ON CONFLICT DO NOTHING;"
    )


def table_sql(name: str) -> list[str]:
    """An office-owned table: its office column, its triggers, its policy."""
    statements = [
        f"ALTER TABLE {name} ADD COLUMN IF NOT EXISTS office text NOT NULL "
        "DEFAULT coalesce(unionapp_office(), '')",
        f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS office_rows ON {name}",
        f"CREATE POLICY office_rows ON {name} "
        "USING (office = unionapp_office() OR unionapp_reads_all()) "
        "WITH CHECK (office = unionapp_office())",
    ]
    if name in tables.ORDER:
        statements += [
            f"DROP TRIGGER IF EXISTS trg_{name}_stamp ON {name}",
            f"CREATE TRIGGER trg_{name}_stamp BEFORE INSERT OR UPDATE ON {name} "
            "FOR EACH ROW EXECUTE FUNCTION unionapp_stamp()",
            f"DROP TRIGGER IF EXISTS trg_{name}_capture ON {name}",
            f"CREATE TRIGGER trg_{name}_capture AFTER INSERT OR UPDATE OR DELETE ON {name} "
            "FOR EACH ROW EXECUTE FUNCTION unionapp_capture()",
        ]
    return statements


def own_tables_sql() -> list[str]:
    """The district layer's own tables: each office sees its rows, the district all."""
    statements = []
    for name in ("server_change", "applied_change", "server_conflict", "office_pc"):
        statements += [
            f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS office_rows ON {name}",
            f"CREATE POLICY office_rows ON {name} "
            "USING (office = unionapp_office() OR unionapp_reads_all()) "
            "WITH CHECK (office = unionapp_office())",
        ]
    statements += [
        "ALTER TABLE office ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS office_rows ON office",
        "CREATE POLICY office_rows ON office USING (role = session_user OR unionapp_reads_all())",
    ]
    return statements


# The district layer's own tables: an office reads them and writes only what a sync writes
# (its functions and triggers run as their owner for the rest).
LAYER_TABLES = (
    "office",
    "district",
    "office_pc",
    "server_change",
    "applied_change",
    "server_conflict",
    "sync_link",
)


def grants_sql(app_tables: list[str]) -> list[str]:
    records = ", ".join(t for t in app_tables if t not in LAYER_TABLES)
    return [
        f"GRANT USAGE ON SCHEMA public TO {OFFICES}, {DISTRICT}",
        f"REVOKE ALL ON {', '.join(LAYER_TABLES)} FROM {OFFICES}",  # as an older layer granted
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {records} TO {OFFICES}",
        f"GRANT SELECT ON alembic_version, district, office, office_pc TO {OFFICES}",
        f"GRANT SELECT, INSERT ON server_change, applied_change TO {OFFICES}",
        f"GRANT SELECT, INSERT, UPDATE ON server_conflict TO {OFFICES}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {OFFICES}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {DISTRICT}",
    ]
