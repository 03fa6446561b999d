"""CardDAV and CalDAV over plain HTTP: find the collections, ask what changed since
the last sync-token (RFC 6578), or list every ETag when the server has no tokens,
and fetch the changed items in batches (multiget). Parsing is left to ``ingest``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

import httpx

DAV = "DAV:"
CARD = "urn:ietf:params:xml:ns:carddav"
CAL = "urn:ietf:params:xml:ns:caldav"
CS = "http://calendarserver.org/ns/"
MULTIGET_BATCH = 200  # items per multiget REPORT
# Seconds without an answer before a server counts as down: reading, generous, because a
# server lists a large collection slowly the first time; connecting, short.
TIMEOUT = httpx.Timeout(180.0, connect=10.0)

_TYPE = {"carddav": (CARD, "addressbook"), "caldav": (CAL, "calendar")}
_DATA = {"carddav": (CARD, "address-data"), "caldav": (CAL, "calendar-data")}


class DavError(Exception):
    """The server refused or answered something we cannot read."""


class TokenExpired(DavError):
    """The server no longer knows our sync-token: list everything again."""


@dataclass
class Changes:
    """What changed in a collection: href → ETag of new or changed items, hrefs gone."""

    changed: dict[str, str] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    token: str = ""
    complete: bool = False  # a full listing: whatever it does not name is gone


def client(username: str, password: str, insecure: bool) -> httpx.Client:
    return httpx.Client(
        auth=(username, password),
        verify=not insecure,
        timeout=TIMEOUT,
        follow_redirects=True,
        headers={"User-Agent": "kithkin-sync"},
    )


def _request(http: httpx.Client, method: str, url: str, body: str, depth: str) -> ET.Element:
    response = http.request(
        method,
        url,
        content=body.encode(),
        headers={"Depth": depth, "Content-Type": "application/xml; charset=utf-8"},
    )
    if response.status_code == 401:
        raise DavError(f"{url}: the server refused the user name or password (HTTP 401)")
    if response.status_code in (403, 409) and b"valid-sync-token" in response.content:
        raise TokenExpired(url)
    if response.status_code != 207:
        raise DavError(f"{url}: {method} answered HTTP {response.status_code}")
    try:
        return ET.fromstring(response.content)
    except ET.ParseError as exc:
        raise DavError(f"{url}: the server's answer is not XML ({exc})") from exc


def _path(href: str) -> str:
    return unquote(urlsplit(href).path)


def collections(http: httpx.Client, url: str, kind: str, home: bool = False) -> dict[str, str]:
    """The address books (or calendars) at ``url``: itself, or those just below it,
    each with its ``CS:getctag`` ("" when the server keeps none).

    The ctag comes with the same PROPFIND, so a collection whose ctag has not moved
    since the last sync needs no sync-collection REPORT at all, which a server answers
    slowly over a large collection. ``home``: an earlier sync found them below, so they
    are listed at once (one request, not two); never asked of a collection itself,
    whose listing names every item.
    """
    ns, tag = _TYPE[kind]
    body = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<d:propfind xmlns:d="DAV:" xmlns:cs="{CS}"><d:prop><d:resourcetype/><cs:getctag/>'
        "</d:prop></d:propfind>"
    )
    found: dict[str, str] = {}
    for depth in ("1",) if home else ("0", "1"):
        root = _request(http, "PROPFIND", url, body, depth)
        for response in root.iter(f"{{{DAV}}}response"):
            href = response.findtext(f"{{{DAV}}}href") or ""
            if response.find(f".//{{{DAV}}}resourcetype/{{{ns}}}{tag}") is not None:
                full = urljoin(url, href)
                if full not in found:
                    found[full] = (response.findtext(f".//{{{CS}}}getctag") or "").strip()
        if found:
            return found
    raise DavError(f"{url}: no {tag} here or just below (give the {tag}'s own URL)")


def changes(http: httpx.Client, collection: str, token: str) -> Changes:
    """What changed since ``token`` (all items when it is empty)."""
    body = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<d:sync-collection xmlns:d="DAV:">'
        f"<d:sync-token>{_escape(token)}</d:sync-token><d:sync-level>1</d:sync-level>"
        "<d:prop><d:getetag/></d:prop></d:sync-collection>"
    )
    try:
        root = _request(http, "REPORT", collection, body, "1")
    except TokenExpired:
        raise
    except DavError:
        if token:
            raise
        return listing(http, collection)  # no RFC 6578: compare every ETag
    out = Changes(token=root.findtext(f"{{{DAV}}}sync-token") or "", complete=not token)
    for response in root.iter(f"{{{DAV}}}response"):
        href = response.findtext(f"{{{DAV}}}href") or ""
        if _path(href) == _path(collection):
            continue
        etag = response.findtext(f".//{{{DAV}}}getetag")
        status = response.findtext(f"{{{DAV}}}status") or ""
        if " 404 " in status or etag is None:
            out.deleted.add(_path(href))
        else:
            out.changed[_path(href)] = etag.strip()
    return out


def listing(http: httpx.Client, collection: str) -> Changes:
    """Every item of a collection with its ETag (PROPFIND), for servers without sync-tokens."""
    body = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>'
    )
    root = _request(http, "PROPFIND", collection, body, "1")
    out = Changes(complete=True)
    for response in root.iter(f"{{{DAV}}}response"):
        href = _path(response.findtext(f"{{{DAV}}}href") or "")
        collection_type = response.find(f".//{{{DAV}}}resourcetype/{{{DAV}}}collection")
        etag = response.findtext(f".//{{{DAV}}}getetag")
        if href == _path(collection) or collection_type is not None or etag is None:
            continue
        out.changed[href] = etag.strip()
    return out


def fetch(
    http: httpx.Client, collection: str, kind: str, hrefs: list[str]
) -> dict[str, tuple[str, str]]:
    """href → (ETag, text) of the named items, in batches of ``MULTIGET_BATCH``."""
    ns, tag = _DATA[kind]
    report = "addressbook-multiget" if kind == "carddav" else "calendar-multiget"
    prefix = "card" if kind == "carddav" else "cal"
    out: dict[str, tuple[str, str]] = {}
    for i in range(0, len(hrefs), MULTIGET_BATCH):
        names = "".join(f"<d:href>{_escape(h)}</d:href>" for h in hrefs[i : i + MULTIGET_BATCH])
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<{prefix}:{report} xmlns:d="DAV:" xmlns:{prefix}="{ns}">'
            f"<d:prop><d:getetag/><{prefix}:{tag}/></d:prop>{names}</{prefix}:{report}>"
        )
        root = _request(http, "REPORT", collection, body, "1")
        for response in root.iter(f"{{{DAV}}}response"):
            href = _path(response.findtext(f"{{{DAV}}}href") or "")
            data = response.findtext(f".//{{{ns}}}{tag}")
            etag = response.findtext(f".//{{{DAV}}}getetag") or ""
            if data is not None:
                out[href] = (etag.strip(), data)
    return out


def put(http: httpx.Client, url: str, text: str, content_type: str) -> None:
    response = http.put(url, content=text.encode(), headers={"Content-Type": content_type})
    if response.status_code in (401, 403):
        raise DavError(
            f"{url}: the server refused to write there (HTTP {response.status_code}); "
            "is it a calendar of this user?"
        )
    if response.status_code not in (200, 201, 204):
        raise DavError(f"{url}: PUT answered HTTP {response.status_code}")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
