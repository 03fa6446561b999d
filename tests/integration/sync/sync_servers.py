"""Real servers on 127.0.0.1 for the sync tests: Radicale (CardDAV and CalDAV) and Dovecot
(IMAP), each started once per test process in a temporary folder of its own on a free
port. Each test gets an account of its own on them (a new user, with no address book,
calendar or mail yet), with helpers that change what it holds the way a phone or a mail
client would."""

from __future__ import annotations

import imaplib
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

PASSWORD = "correct horse"
SAMPLES = Path(__file__).parents[2] / "data" / "samples"
DATA = Path(__file__).parents[2] / "data"
# The servers' users, known before they start (Dovecot reads its passwd-file again at most
# once a second): each test takes the next, so no two tests of a process share one.
USERS = [f"alex{n}" for n in range(1, 501)]
_UNUSED = iter(USERS)


def _new_user() -> str:
    user = next(_UNUSED, None)
    assert user is not None, f"more than {len(USERS)} sync tests in one process: add users"
    return user


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


STARTS_WITHIN = 120  # seconds: only bounds a server that never listens; a busy machine is slow


def _wait(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    """Until the server listens on ``port`` (or has exited)."""
    deadline = time.monotonic() + STARTS_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"server did not start: {log.read_text(errors='replace')[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RadicaleServer:
    """A Radicale server with the accounts of ``USERS``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = _free_port()
        (root / "users").write_text("".join(f"{u}:{PASSWORD}\n" for u in USERS))
        (root / "config").write_text(
            f"[server]\nhosts = 127.0.0.1:{self.port}\n"
            f"[auth]\ntype = htpasswd\nhtpasswd_filename = {root / 'users'}\n"
            # No pause after a wrong password: the tests that give one need not wait.
            "htpasswd_encryption = plain\ndelay = 0\n"
            f"[storage]\nfilesystem_folder = {root / 'collections'}\n"
            # info: one line per request, counted by ``Radicale.requests``
            "[rights]\ntype = owner_only\n[logging]\nlevel = info\n"
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.root / "radicale.log"
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "radicale", "--config", str(self.root / "config")],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait(self.port, self.process, log)

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def account(self) -> Radicale:
        """A new user, with nothing stored yet."""
        return Radicale(self, _new_user())


class Radicale:
    """One user's address books and calendars on the Radicale server of the test process;
    ``stop`` and ``start`` stop and start that server."""

    def __init__(self, server: RadicaleServer, user: str) -> None:
        self.server = server
        self.user = user
        self.base = f"http://127.0.0.1:{server.port}/{user}/"
        # What Radicale keeps of this user: a folder per collection, a file per item.
        self.collections = server.root / "collections" / "collection-root" / user
        self.http = httpx.Client(auth=(user, PASSWORD), timeout=30)

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()

    def requests(self, method: str) -> int:
        """How many ``method`` requests for this user's collections the server has logged."""
        log = (self.server.root / "radicale.log").read_text(encoding="utf-8", errors="replace")
        return log.count(f"] {method} request for '/{self.user}/")

    def make(self, name: str, kind: str) -> str:
        tag = '<C:addressbook xmlns:C="urn:ietf:params:xml:ns:carddav"/>'
        if kind == "calendar":
            tag = '<C:calendar xmlns:C="urn:ietf:params:xml:ns:caldav"/>'
        body = (
            '<?xml version="1.0"?><mkcol xmlns="DAV:"><set><prop><resourcetype>'
            f"<collection/>{tag}</resourcetype></prop></set></mkcol>"
        )
        url = f"{self.base}{name}/"
        response = self.http.request("MKCOL", url, content=body.encode())
        assert response.status_code == 201, response.text
        return url

    def put(self, url: str, text: str) -> bool:
        kind = "text/vcard" if url.endswith(".vcf") else "text/calendar"
        response = self.http.put(url, content=text.encode(), headers={"Content-Type": kind})
        return response.status_code in (201, 204)

    def delete(self, url: str) -> None:
        assert self.http.delete(url).status_code in (200, 204)


class DovecotServer:
    """A Dovecot IMAP server (plain IMAP on loopback) with Maildir folders for ``USERS``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = _free_port()
        binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
        if not Path(binary).exists():
            pytest.skip("dovecot is not installed (scripts/test installs dovecot-imapd)")
        self.binary = binary
        for sub in ("run", "state", "home"):
            (root / sub).mkdir()
        (root / "passwd").write_text("".join(f"{u}:{{PLAIN}}{PASSWORD}::::::\n" for u in USERS))
        if os.getuid() == 0:  # Dovecot reads mail as a user of its own, never as root
            mail_user = "dovecot"
            owner = pwd.getpwnam(mail_user)
            os.chown(root / "home", owner.pw_uid, owner.pw_gid)
            users = "default_internal_user = dovecot\ndefault_login_user = dovenull\n"
        else:
            mail_user = pwd.getpwuid(os.getuid()).pw_name
            users = f"default_internal_user = {mail_user}\ndefault_login_user = {mail_user}\n"
        (root / "dovecot.conf").write_text(
            "protocols = imap\nlisten = 127.0.0.1\n"
            f"base_dir = {root / 'run'}\nstate_dir = {root / 'state'}\n"
            f"log_path = {root / 'dovecot.log'}\n"
            "ssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n"
            # No pause after a wrong password: the tests that give one need not wait.
            "auth_failure_delay = 0\n"
            f"mail_location = maildir:{root / 'home'}/%u/Maildir\n"
            f"mail_uid = {mail_user}\nmail_gid = {mail_user}\n"
            "first_valid_uid = 1\nfirst_valid_gid = 1\n"
            + users
            + "passdb {\n  driver = passwd-file\n"
            f"  args = scheme=PLAIN username_format=%u {root / 'passwd'}\n}}\n"
            f"userdb {{\n  driver = static\n  args = home={root / 'home'}/%u\n}}\n"
            "service imap-login {\n  chroot =\n  inet_listener imap {\n"
            f"    address = 127.0.0.1\n    port = {self.port}\n  }}\n"
            "  inet_listener imaps {\n    port = 0\n  }\n}\n"
            "service anvil {\n  chroot =\n}\n"
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.root / "dovecot.out"
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [self.binary, "-F", "-c", str(self.root / "dovecot.conf")],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait(self.port, self.process, self.root / "dovecot.log")

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)
            deadline = time.monotonic() + STARTS_WITHIN
            while time.monotonic() < deadline:  # the master's pid file goes last
                if not (self.root / "run" / "master.pid").exists():
                    break
                time.sleep(0.05)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def account(self) -> Dovecot:
        """A new user, with no mail yet."""
        return Dovecot(self, _new_user())


class Dovecot:
    """One user's mailboxes on the Dovecot server of the test process; ``stop`` and
    ``start`` stop and start that server."""

    def __init__(self, server: DovecotServer, user: str) -> None:
        self.server = server
        self.user = user
        self.port = server.port

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()

    def imap(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        try:
            conn.login(self.user, PASSWORD)
        except imaplib.IMAP4.error:
            conn.shutdown()
            raise
        return conn

    def append(self, folder: str, messages: list[bytes]) -> None:
        conn = self.imap()
        try:
            conn.create(f'"{folder}"')  # fails harmlessly when it exists
            for message in messages:
                status, data = conn.append(f'"{folder}"', "", None, message)
                assert status == "OK", data
        finally:
            conn.logout()

    def expunge(self, folder: str, message_id: str) -> None:
        conn = self.imap()
        try:
            conn.select(f'"{folder}"')
            _, found = conn.uid("SEARCH", "HEADER", "Message-ID", message_id)
            uids = found[0].split()
            assert uids, f"{message_id} not in {folder}"
            conn.uid("STORE", b",".join(uids).decode(), "+FLAGS", "(\\Deleted)")
            conn.expunge()
        finally:
            conn.logout()

    def recreate(self, folder: str) -> None:
        """Delete a folder and make it again with the same messages: a new UIDVALIDITY."""
        conn = self.imap()
        try:
            conn.select(f'"{folder}"', readonly=True)
            _, found = conn.uid("SEARCH", "ALL")
            messages = []
            for uid in found[0].split():
                _, data = conn.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
                messages.append(next(p[1] for p in data if isinstance(p, tuple)))
            conn.close()
            status, data = conn.delete(f'"{folder}"')
            assert status == "OK", data
        finally:
            conn.logout()
        self.append(folder, messages)


# -- the sample network as a phone and a mail client would hold it -----------------------
def cards(path: Path) -> list[str]:
    """The cards of a vCard file, each with a UID as CardDAV servers require."""
    text = path.read_text(encoding="utf-8")
    found: list[str] = re.findall(r"BEGIN:VCARD.*?END:VCARD\r?\n?", text, re.S | re.I)
    out = []
    for n, card in enumerate(found):
        if not re.search(r"^UID[;:]", card, re.M):
            version = re.search(r"VERSION:[^\r\n]*\r?\n", card)
            assert version is not None, f"{path}: a card without VERSION"
            card = card[: version.end()] + f"UID:{path.stem}-{n}\r\n" + card[version.end() :]
        out.append(card)
    return out


def events(path: Path) -> dict[str, str]:
    """A calendar file as CalDAV holds it: one resource per UID, with its time zones."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(path.read_bytes())
    zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    by_uid: dict[str, list[object]] = {}
    for component in calendar.subcomponents:
        if component.name == "VEVENT":
            by_uid.setdefault(str(component["UID"]), []).append(component)
    out = {}
    for uid, parts in by_uid.items():
        item = Calendar()
        item.add("prodid", "-//sample//EN")
        item.add("version", "2.0")
        for zone in zones:
            item.add_component(zone)
        for part in parts:
            item.add_component(part)  # type: ignore[arg-type]
        out[uid] = item.to_ical().decode()
    return out


def messages(path: Path) -> list[bytes]:
    """The messages of an mbox file, as a mail client would APPEND them."""
    import mailbox

    box = mailbox.mbox(str(path), create=False)
    try:
        return [m.as_bytes() for m in box]
    finally:
        box.close()
