"""How the CLI words what to do next after an error: the ``kith`` command to run.

A service error names a topic (``see``); the web app words the same topics as
pages and buttons.
"""

from __future__ import annotations

HINTS: dict[str, str] = {
    "owner": "run 'kith init --me \"Your Name\"'",
    "edit_owner": "edit it with 'kith person edit me'",
    "people": "'kith person list' shows the ids",
    "search": "'kith person find WORDS' searches every field",
    "ties": "add one with 'kith tie add'",
    "circles": "'kith circle list' shows them",
    "goals": "'kith goal list' shows them",
    "asks": "'kith ask list' shows them",
    "opportunities": "'kith opportunity list' shows them",
    "proposals": "'kith merge --review' lists them",
    "backup": "a backup is what 'kith export json' writes",
    "date_order": "or say once how you write dates: 'kith init --date-order DMY' (or MDY, YMD)",
    "path_target": 'e.g. --to "Contoso", --to-person, --to-org, --to-role or --skill',
    "interactions": "'kith interaction list' shows them",
    "favours": "'kith favour list' shows them",
    "empty": "add people with 'kith person add' or try 'kith demo'",
    "password": "set it again with 'kith serve --set-password'",
    "sources": "'kith sync list' shows them",
    "add_source": "add one with 'kith sync add carddav|caldav|imap'",
    "team_members": "'kith team members' lists them",
    "team_init": "start one with 'kith team init --db URL'",
}


def with_hint(message: str, see: str | None) -> str:
    hint = HINTS.get(see or "")
    return f"{message}; {hint}" if hint else message
