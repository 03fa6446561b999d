"""The second wall of a team server: a role without privileges of its own, and
row-level security on every table a member's request can touch.

Every unit of work opened for a member runs as ``kithkin_team_user`` (a NOLOGIN
role without BYPASSRLS) with ``kithkin.actor`` set to the member's account id.
The policies below read that setting, so a query that forgot its scoping (another
member's schema named by mistake, a missing ``WHERE requester_id = …``) still
returns nothing it should not. The tables stay owned by the connecting
administrator: the role may read and write rows, never alter, disable or
truncate a table.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from kithkin.store.team_schema import SCHEMA

ROLE = "kithkin_team_user"
ACTOR = "kithkin.actor"
_MEMBER_SCHEMA = re.compile(r"^member_[0-9]+$")

# Tables a member's unit of work reads and writes, and who may see which rows.
_POLICIES: dict[str, list[str]] = {
    "account": [
        "FOR SELECT USING (id = team.actor() OR team.actor_is_admin())",
    ],
    "team_info": ["FOR SELECT USING (team.actor() IS NOT NULL)"],
    "shared_reach": [
        "FOR SELECT USING (team.actor() IS NOT NULL)",
        "FOR INSERT WITH CHECK (member_id = team.actor())",
        "FOR DELETE USING (member_id = team.actor())",
    ],
    "shared_person": [
        "FOR SELECT USING (team.actor() IS NOT NULL)",
        "FOR INSERT WITH CHECK (member_id = team.actor())",
        "FOR DELETE USING (member_id = team.actor())",
    ],
    "shared_field": [
        "FOR SELECT USING (team.actor() IS NOT NULL)",
        "FOR INSERT WITH CHECK (member_id = team.actor())",
        "FOR DELETE USING (member_id = team.actor())",
    ],
    "hidden": ["USING (member_id = team.actor()) WITH CHECK (member_id = team.actor())"],
    "intro_request": [
        "FOR SELECT USING (requester_id = team.actor() OR teammate_id = team.actor())",
        "FOR INSERT WITH CHECK (requester_id = team.actor())",
        "FOR UPDATE USING (requester_id = team.actor() OR teammate_id = team.actor())",
    ],
    "audit": [
        "FOR SELECT USING (team.actor_is_admin() OR subject_id = team.actor()"
        " OR actor_id = team.actor())",
        "FOR INSERT WITH CHECK (actor_id = team.actor())",
    ],
    "candidate": ["USING (member_id = team.actor()) WITH CHECK (member_id = team.actor())"],
    "candidate_move": ["USING (member_id = team.actor()) WITH CHECK (member_id = team.actor())"],
    "opening_manager": ["USING (member_id = team.actor()) WITH CHECK (member_id = team.actor())"],
    # Sessions and login attempts are read before anyone is known: only the server's
    # own connection (not the role) touches them; the policy keeps them own-row anyway.
    "web_session": ["USING (account_id = team.actor())"],
    "login_attempt": ["USING (false)"],
}
# Column grants: the role never reads a password hash or a TOTP secret.
_GRANTS = {
    "account": "SELECT (id, email, display_name, role, created_at)",
    "team_info": "SELECT",
    "shared_reach": "SELECT, INSERT, DELETE",
    "shared_person": "SELECT, INSERT, DELETE",
    "shared_field": "SELECT, INSERT, DELETE",
    "hidden": "SELECT, INSERT, DELETE",
    "intro_request": "SELECT, INSERT, UPDATE",
    "audit": "SELECT, INSERT",
    "candidate": "SELECT, INSERT, UPDATE, DELETE",
    "candidate_move": "SELECT, INSERT, DELETE",
    "opening_manager": "SELECT, INSERT, UPDATE, DELETE",
}

_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.actor() RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('{ACTOR}', true), '')::integer
$$;
CREATE OR REPLACE FUNCTION {SCHEMA}.actor_is_admin() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {SCHEMA}, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM {SCHEMA}.account WHERE id = {SCHEMA}.actor() AND role = 'admin')
$$;
CREATE OR REPLACE FUNCTION {SCHEMA}.teammates()
RETURNS TABLE (id integer, display_name varchar, role varchar)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {SCHEMA}, pg_temp AS $$
  SELECT a.id, a.display_name, a.role FROM {SCHEMA}.account a
  WHERE EXISTS (SELECT 1 FROM {SCHEMA}.account me WHERE me.id = {SCHEMA}.actor())
  ORDER BY a.id
$$;
-- Who may change what of a request: the teammate asked answers it (status, what they
-- reveal), the requester tells how it went; nobody rewrites what was asked.
CREATE OR REPLACE FUNCTION {SCHEMA}.check_request_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF {SCHEMA}.actor() IS NULL THEN RETURN NEW; END IF;
  IF (NEW.requester_id, NEW.teammate_id, NEW.target, NEW.target_kind, NEW.why, NEW.draft,
      NEW.asked_at) IS DISTINCT FROM (OLD.requester_id, OLD.teammate_id, OLD.target,
      OLD.target_kind, OLD.why, OLD.draft, OLD.asked_at) THEN
    RAISE EXCEPTION 'what was asked cannot be changed' USING ERRCODE = '42501';
  END IF;
  IF (NEW.status, NEW.contact, NEW.answered_at) IS DISTINCT FROM
     (OLD.status, OLD.contact, OLD.answered_at) AND {SCHEMA}.actor() <> OLD.teammate_id THEN
    RAISE EXCEPTION 'only the teammate asked answers a request' USING ERRCODE = '42501';
  END IF;
  IF (NEW.outcome, NEW.outcome_at) IS DISTINCT FROM (OLD.outcome, OLD.outcome_at)
     AND {SCHEMA}.actor() <> OLD.requester_id THEN
    RAISE EXCEPTION 'only the requester says how a request went' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS kithkin_request_update ON {SCHEMA}.intro_request;
CREATE TRIGGER kithkin_request_update BEFORE UPDATE ON {SCHEMA}.intro_request
  FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.check_request_update();
-- How a teammate answered every request asked of them, as counts only: it feeds the
-- ranking of routes through them without showing anyone else's requests.
CREATE OR REPLACE FUNCTION {SCHEMA}.answer_record(who integer)
RETURNS TABLE (status varchar, outcome varchar, n bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {SCHEMA}, pg_temp AS $$
  SELECT r.status, r.outcome, count(*) FROM {SCHEMA}.intro_request r
  WHERE r.teammate_id = who AND {SCHEMA}.actor() IS NOT NULL
  GROUP BY r.status, r.outcome
$$;
"""


def ensure_role(conn: Connection) -> None:
    """Create the cluster-wide role once (another database may have made it already)."""
    conn.exec_driver_sql(
        f"""DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN
            CREATE ROLE {ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
          END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$"""
    )


def secure_team_schema(conn: Connection) -> None:
    """Functions, grants and policies of the team schema (idempotent)."""
    conn.exec_driver_sql(_FUNCTIONS)
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {ROLE}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {SCHEMA} FROM {ROLE}")
    for table, grant in _GRANTS.items():
        conn.exec_driver_sql(f"GRANT {grant} ON {SCHEMA}.{table} TO {ROLE}")
    conn.exec_driver_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {ROLE}")
    for table, policies in _POLICIES.items():
        _enable(conn, f"{SCHEMA}.{table}")
        for i, policy in enumerate(policies):
            name = f"kithkin_{table}_{i}"
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON {SCHEMA}.{table}")
            conn.exec_driver_sql(f"CREATE POLICY {name} ON {SCHEMA}.{table} {policy}")


def _enable(conn: Connection, table: str) -> None:
    conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def member_schema(account_id: int) -> str:
    """The PostgreSQL schema that holds one member's own network."""
    return f"member_{int(account_id)}"


def create_member_schema(conn: Connection, account_id: int) -> str:
    name = member_schema(account_id)
    conn.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {name}")
    return name


def secure_member_schema(conn: Connection, account_id: int) -> None:
    """Every table of the member's schema readable and writable by the role only when
    the actor is that member (idempotent: run again after an upgrade adds tables)."""
    schema = member_schema(account_id)
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {ROLE}")
    conn.exec_driver_sql(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {ROLE}"
    )
    conn.exec_driver_sql(
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {ROLE}"
    )
    tables = conn.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"),
        {"s": schema},
    ).scalars()
    check = f"current_setting('{ACTOR}', true) = '{int(account_id)}'"
    for table in tables:
        qualified = f'{schema}."{table}"'
        _enable(conn, qualified)
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS kithkin_member ON {qualified}")
        conn.exec_driver_sql(
            f"CREATE POLICY kithkin_member ON {qualified} USING ({check}) WITH CHECK ({check})"
        )


def member_schemas(conn: Connection) -> list[str]:
    names = conn.execute(
        text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'member\\_%' ORDER BY nspname")
    ).scalars()
    return [n for n in names if _MEMBER_SCHEMA.match(n)]


def set_row_security(conn: Connection, on: bool) -> None:
    """Switch row-level security on or off for every team and member table.

    Only for the leak check, which must show it fails with the wall down."""
    verb = "ENABLE" if on else "DISABLE"
    schemas = [SCHEMA, *member_schemas(conn)]
    for schema in schemas:
        for table in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
        ).scalars():
            conn.exec_driver_sql(f'ALTER TABLE {schema}."{table}" {verb} ROW LEVEL SECURITY')
