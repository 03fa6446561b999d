"""Identity resolution: is an incoming record someone we already know?

Pure: it sees plain profiles (stored people, and people made earlier in the same
import) and returns a decision per record, never touching the store.

- A shared normalised e-mail address or E.164 phone number is the same person:
  merged without asking.
- A name, alone or with an organisation, is only a *proposal* for the user to
  review — two people may share a name (Chris Doyle is not Christopher Doyle).
- The one exception is strong name evidence: the same full name, the same
  organisation *and* the same (non-webmail) e-mail domain; that merges, and the
  decision says so.

Name comparison is blocked (by family name and initial, and by the first
letters of the family name with the initial) so that resolving against 50,000 people
compares each record with a handful of candidates, not with everyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from nameparser import HumanName
from rapidfuzz import fuzz

from kithkin.ingest import normalise
from kithkin.ingest.records import PersonRecord
from kithkin.model import keys

WEBMAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "example.com",  # the documentation domain stands for a shared mail provider
    }
)
SAME_NAME = 0.6
SIMILAR_NAME = 0.4
ORG_BONUS = 0.2
DOMAIN_BONUS = 0.1
MAX_PROPOSALS = 3
SHARED_KEY = 0.5  # a shared number or address that is not enough to merge: a proposal

# Addresses a role, a team or a household reads: sharing one says nothing about who
# someone is (a shop's info@, a family's address).
_ROLE_ADDRESSES = frozenset(
    {
        "info",
        "sales",
        "contact",
        "contacts",
        "admin",
        "office",
        "support",
        "hello",
        "team",
        "billing",
        "accounts",
        "accounting",
        "hr",
        "jobs",
        "careers",
        "enquiries",
        "inquiries",
        "enquiry",
        "reception",
        "marketing",
        "press",
        "help",
        "service",
        "webmaster",
        "postmaster",
        "mail",
        "post",
        "orders",
        "booking",
        "bookings",
        "reservations",
        "family",
        "home",
        "kontakt",
        "buero",
        "bureau",
    }
)
_HOUSEHOLD = ("family", "familie", "famille", "familia", "household")


class Verdict(StrEnum):
    SAME = "same"  # merge into ``ref`` without asking
    PROPOSE = "propose"  # a new person, with proposals to review
    NEW = "new"


@dataclass(frozen=True, slots=True)
class Candidate:
    ref: int
    score: float
    evidence: str


@dataclass(slots=True)
class Decision:
    verdict: Verdict
    ref: int | None = None  # the person a SAME decision merges into
    evidence: str = ""
    proposals: list[Candidate] = field(default_factory=list)


@dataclass(slots=True)
class Profile:
    """What identity resolution knows about one person."""

    ref: int
    display_name: str
    given: str = ""
    family: str = ""
    nicknames: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)  # E.164
    organisations: set[str] = field(default_factory=set)  # folded
    folded: str = field(default="", init=False)  # the display name, folded
    full: str = field(default="", init=False)  # folded given and family names
    # Name blocks, worked out once: they change only when absorbing adds a nickname.
    keys: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Made once per record of every import: locals rather than attributes read back.
        given, family = self.given, self.family
        if not given and not family:
            given, family = split_name(self.display_name)
        self.given = given = fold(given)
        self.family = family = fold(family)
        if self.nicknames:
            self.nicknames = {fold(n) for n in self.nicknames if n.strip()}
        self.folded = folded = fold(self.display_name)
        self.full = f"{given} {family}".strip() or folded

    @property
    def domains(self) -> set[str]:
        return {e.rpartition("@")[2] for e in self.emails} - WEBMAIL

    def absorb(self, other: Profile) -> None:
        if not other.nicknames <= self.nicknames:
            self.keys = None
        self.nicknames |= other.nicknames
        self.emails |= other.emails
        self.phones |= other.phones
        self.organisations |= other.organisations


# -- keys -------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a display name; plain "First Last" without the slow full parse."""
    words = name.split()
    if len(words) == 2 and all(w.isalpha() for w in words):
        return words[0], words[1]
    parsed = HumanName(name)
    return parsed.first, parsed.last


# Case, accents and punctuation folded away (one definition, in the model), remembered:
# identity resolution folds the same names over and over.
fold = lru_cache(maxsize=262144)(keys.fold)


def is_shared_address(address: str) -> bool:
    """A role or household address (``info@``, ``sales@``, ``the.smith.family@``)."""
    local = address.partition("@")[0].lower()
    bare = local.rstrip("0123456789")
    if bare in _ROLE_ADDRESSES:
        return True
    return any(word in local for word in _HOUSEHOLD)


def has_name(p: Profile) -> bool:
    """Whether a profile is named by a name, rather than by an address, a number or nothing."""
    name = p.display_name
    return bool(name.strip()) and "@" not in name and any(ch.isalpha() for ch in name)


def names_agree(a: Profile, b: Profile) -> bool:
    """Whether two names can be one person's: the same, one a form of the other
    (Chris and Christopher, Peggy and Margaret, "Ken" and "Ken Ito"), or one side
    with no name at all.
    """
    if not has_name(a) or not has_name(b):
        return True
    if a.full == b.full or a.folded == b.folded or compare_names(a, b) is not None:
        return True
    if a.family and b.family:
        return a.family == b.family and (not a.given or not b.given or _given_compatible(a, b))
    # One side has a single name: it must be the other's given name or a form of it.
    lone, other = (a, b) if not a.family else (b, a)
    word = lone.given or lone.full
    names = {other.given, other.full, other.folded} | other.nicknames
    return word in names or word in lone.nicknames & names or _prefix_of(word, other.given)


def _prefix_of(short: str, long: str) -> bool:
    return len(short) >= 3 and bool(long) and long.startswith(short)


email_key = keys.email_key  # one definition, in the model


phone_key = normalise.phone_key  # one definition, beside the normal form it keys


organisation_fold = keys.organisation_key  # one definition, in the model


def profile_of(record: PersonRecord, ref: int = 0, region: str = "") -> Profile:
    return Profile(
        ref=ref,
        display_name=record.display_name,
        given=record.given_name,
        family=record.family_name,
        nicknames=set(record.nicknames),
        emails={k for a, _ in record.emails if (k := email_key(a))},
        phones={k for n, _ in record.phones if (k := phone_key(n, region))},
        organisations={k for o in record.organisations if (k := organisation_fold(o.name))},
    )


def _blocks(p: Profile) -> list[str]:
    if p.keys is None:
        p.keys = _block_keys(p)
    return p.keys


def _block_keys(p: Profile) -> list[str]:
    if p.family:
        # Family name and given initial (a nickname's initial too: Peggy is Margaret);
        # and the family name's first letters with the given initial, for typos.
        if not p.nicknames:
            initial = p.given[:1]
            return [f"f:{p.family}|{initial}", f"p:{p.family[:3]}|{initial}"]
        initials = {p.given[:1]} | {n[:1] for n in p.nicknames}
        keys = [f"f:{p.family}|{i}" for i in sorted(initials)]
        return [*keys, f"p:{p.family[:3]}|{p.given[:1]}"]
    return [f"n:{p.full}"]


# -- the index --------------------------------------------------------------------


class IdentityIndex:
    """Everyone known so far, looked up by e-mail, phone and name block."""

    def __init__(self, profiles: Iterable[Profile] = ()) -> None:
        self.profiles: dict[int, Profile] = {}
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.blocks: dict[str, set[int]] = defaultdict(set)
        # Within a prefix block ("p:") only a shared given name, full name or display
        # name can make a candidate that the family block has not already found, so
        # those are indexed too: large prefix blocks are then never walked whole.
        self.prefix_given: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.by_full: dict[str, set[int]] = defaultdict(set)
        self.by_folded: dict[str, set[int]] = defaultdict(set)
        for p in profiles:
            self.add(p)

    def _link(self, p: Profile, ref: int) -> None:
        for key in _blocks(p):
            self.blocks[key].add(ref)
            if key.startswith("p:"):
                self.prefix_given[(key, p.given)].add(ref)
        self.by_full[p.full].add(ref)
        self.by_folded[p.folded].add(ref)

    def _unlink(self, p: Profile, ref: int) -> None:
        for key in _blocks(p):
            self.blocks[key].discard(ref)
            if key.startswith("p:"):
                self.prefix_given[(key, p.given)].discard(ref)
        self.by_full[p.full].discard(ref)
        self.by_folded[p.folded].discard(ref)

    def add(self, profile: Profile) -> None:
        """Index a new person, or add what a record taught us to a known one."""
        known = self.profiles.get(profile.ref)
        if known is None:
            known = self.profiles[profile.ref] = profile
        elif known is not profile:
            known.absorb(profile)
        for e in known.emails:
            self.by_email.setdefault(e, known.ref)
        for ph in known.phones:
            self.by_phone.setdefault(ph, known.ref)
        self._link(known, known.ref)

    def merge(self, kept: int, merged: int) -> None:
        """Two known people became one."""
        gone = self.profiles.pop(merged, None)
        if gone is None:
            return
        self._unlink(gone, merged)
        for e in gone.emails:
            if self.by_email.get(e) == merged:
                del self.by_email[e]
        for ph in gone.phones:
            if self.by_phone.get(ph) == merged:
                del self.by_phone[ph]
        gone.ref = kept
        if kept in self.profiles:
            self.add(gone)

    def resolve(self, probe: Profile) -> Decision:
        same: dict[int, list[str]] = defaultdict(list)
        shared: dict[int, list[str]] = defaultdict(list)  # evidence short of a merge
        if probe.emails:  # many records carry no address or number: nothing to sort
            for e in sorted(probe.emails):
                if (ref := self.by_email.get(e)) is None:
                    continue
                other = self.profiles[ref]
                if is_shared_address(e):
                    shared[ref].append(f"same e-mail {e} (a shared address)")
                elif names_agree(probe, other):
                    same[ref].append(f"same e-mail {e}")
                else:
                    shared[ref].append(
                        f"same e-mail {e}, but another name: "
                        f"'{probe.display_name}' and '{other.display_name}'"
                    )
        if probe.phones:
            for ph in sorted(probe.phones):
                if (ref := self.by_phone.get(ph)) is None:
                    continue
                other = self.profiles[ref]
                # A landline or a shop's number is shared: a number merges only with the name.
                if other.full == probe.full and probe.full and has_name(probe):
                    same[ref].append(f"same phone {ph} and the same name '{probe.display_name}'")
                else:
                    shared[ref].append(f"same phone {ph}")
        if same:
            ranked = sorted(same.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            ref, why = ranked[0]
            others = [Candidate(r, 0.9, "; ".join(w)) for r, w in ranked[1:]]
            others += [
                Candidate(r, SHARED_KEY, "; ".join(w)) for r, w in shared.items() if r not in same
            ]
            return Decision(Verdict.SAME, ref, "; ".join(why), others[:MAX_PROPOSALS])
        candidates = self._name_candidates(probe, exclude_shared=False)
        if shared:
            by_ref = {c.ref: c for c in candidates}
            for ref, why in shared.items():
                named = by_ref.get(ref)
                score = SHARED_KEY + (named.score if named else 0.0)
                evidence = "; ".join(why) + (f", {named.evidence}" if named else "")
                by_ref[ref] = Candidate(ref, round(min(score, 0.95), 2), evidence)
            candidates = sorted(by_ref.values(), key=lambda c: (-c.score, c.ref))
            return Decision(
                Verdict.PROPOSE, None, candidates[0].evidence, candidates[:MAX_PROPOSALS]
            )
        if not candidates:
            return Decision(Verdict.NEW)
        best = candidates[0]
        strong_name = [c for c in candidates if c.score >= SAME_NAME + ORG_BONUS + DOMAIN_BONUS]
        if len(strong_name) == 1 and best is strong_name[0]:
            return Decision(Verdict.SAME, best.ref, best.evidence, candidates[1:MAX_PROPOSALS])
        return Decision(Verdict.PROPOSE, None, best.evidence, candidates[:MAX_PROPOSALS])

    def _name_candidates(self, probe: Profile, exclude_shared: bool = True) -> list[Candidate]:
        refs: set[int] = set()
        blocks = self.blocks
        for key in _blocks(probe):
            members = blocks.get(key)  # not blocks[key]: that would add an empty block
            if not members:
                continue
            if not key.startswith("p:"):
                refs |= members
                continue
            # Same family and initial are in the family block already (see __init__).
            refs |= self.prefix_given.get((key, probe.given), set())
            for same in (self.by_full.get(probe.full), self.by_folded.get(probe.folded)):
                if same:
                    refs |= same & members
        refs.discard(probe.ref)
        found = []
        profiles = self.profiles
        family, given, full, folded = probe.family, probe.given, probe.full, probe.folded
        for ref in refs:
            other = profiles[ref]
            if (
                other.family != family
                and other.given != given
                and other.full != full
                and other.folded != folded
            ):
                continue  # compare_names needs one of these four to agree: skip the call
            evidence = compare_names(probe, other)
            if evidence is None:
                continue
            if exclude_shared and not (
                probe.emails.isdisjoint(other.emails) and probe.phones.isdisjoint(other.phones)
            ):
                continue  # already the same person by a strong key
            score, bits = evidence
            if probe.organisations & other.organisations:
                score += ORG_BONUS
                bits.append("same organisation")
            if probe.domains & other.domains:
                score += DOMAIN_BONUS
                bits.append("same e-mail domain")
            found.append(Candidate(ref, round(score, 2), ", ".join(bits)))
        found.sort(key=lambda c: (-c.score, c.ref))
        return found


def compare_names(a: Profile, b: Profile) -> tuple[float, list[str]] | None:
    """Name evidence that two profiles are one person, or None."""
    if a.full == b.full or a.folded == b.folded:
        return SAME_NAME, [f"same name '{a.display_name}'"]
    if a.family and a.family == b.family and _given_compatible(a, b):
        return SIMILAR_NAME, [f"similar names '{a.display_name}' and '{b.display_name}'"]
    if a.family and b.family and a.given == b.given and fuzz.ratio(a.family, b.family) >= 85:
        return SIMILAR_NAME, [f"similar names '{a.display_name}' and '{b.display_name}'"]
    return None


def _given_compatible(a: Profile, b: Profile) -> bool:
    if not a.given or not b.given:
        return False
    if a.given[0] != b.given[0] and not a.nicknames and not b.nicknames:
        return False  # neither a prefix, a nickname nor a near spelling
    names_a, names_b = {a.given} | a.nicknames, {b.given} | b.nicknames
    if names_a & names_b:
        return True
    short, long = sorted((a.given, b.given), key=len)
    if len(short) >= 3 and long.startswith(short):  # Chris and Christopher
        return True
    return fuzz.ratio(a.given, b.given) >= 85
