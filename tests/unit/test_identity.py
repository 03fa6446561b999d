"""Identity resolution: strong keys merge, names only propose, blocking finds typos."""

from __future__ import annotations

from kithkin.ingest.identity import (
    IdentityIndex,
    Profile,
    Verdict,
    email_key,
    organisation_fold,
    phone_key,
    profile_of,
)
from kithkin.ingest.records import OrgRecord, Origin, PersonRecord

ORIGIN = Origin("vcard", "test.vcf", "card 1")


def _record(name: str, **kw: object) -> PersonRecord:
    return PersonRecord(origin=ORIGIN, key=name, display_name=name, **kw)  # type: ignore[arg-type]


def _index(*profiles: Profile) -> IdentityIndex:
    return IdentityIndex(profiles)


def test_phones_written_differently_are_one_key() -> None:
    assert phone_key("+1 (415) 555-0177") == phone_key("+1 415-555-0177") == "+14155550177"
    assert phone_key("4155550199", "US") == "+14155550199"
    assert phone_key("tel:+1-206-555-0147") == "+12065550147"
    assert phone_key("612 345 678", "ES") == "+34612345678"
    assert phone_key("call me") == ""


def test_email_and_organisation_keys() -> None:
    assert email_key(" MAILTO:Priya.Raman@Example.com ") == "priya.raman@example.com"
    assert email_key("not an address") == ""
    assert organisation_fold("Fabrikam, Inc.") == organisation_fold("fabrikam") == "fabrikam"


def test_a_shared_phone_merges_only_with_the_same_name() -> None:
    index = _index(Profile(1, "Chris Doyle", phones={"+14155550177"}))
    probe = profile_of(_record("Chris Doyle", phones=[("+1 (415) 555-0177", "cell")]))
    decision = index.resolve(probe)
    assert decision.verdict is Verdict.SAME and decision.ref == 1
    assert "same phone" in decision.evidence


def test_a_shared_phone_alone_is_a_proposal_with_its_evidence() -> None:
    # Relatives who share a landline; a shop and its owner.
    index = _index(Profile(1, "Anita Sharma", phones={"+914842345678"}))
    probe = profile_of(_record("Rohan Sharma", phones=[("+91 484 234 5678", "home")]))
    decision = index.resolve(probe)
    assert decision.verdict is Verdict.PROPOSE and decision.ref is None
    (candidate,) = decision.proposals
    assert candidate.ref == 1 and candidate.evidence.startswith("same phone +914842345678")


def test_a_shared_email_with_another_name_is_a_proposal() -> None:
    index = _index(Profile(1, "Wei Chen", emails={"chen.home@example.net"}))
    probe = profile_of(_record("Lan Chen", emails=[("chen.home@example.net", "")]))
    decision = index.resolve(probe)
    assert decision.verdict is Verdict.PROPOSE
    assert "another name: 'Lan Chen' and 'Wei Chen'" in decision.proposals[0].evidence


def test_role_and_household_addresses_propose_even_with_agreeing_names() -> None:
    for address in (
        "info@fabrikam.example.com",
        "sales2@fabrikam.example.com",
        "the.okafor.family@example.org",
    ):
        index = _index(Profile(1, "Daniel Okafor", emails={address}))
        probe = profile_of(_record("Daniel Okafor", emails=[(address, "")]))
        decision = index.resolve(probe)
        assert decision.verdict is Verdict.PROPOSE, address
        assert "a shared address" in decision.proposals[0].evidence


def test_a_shared_email_merges_when_one_side_has_no_name_or_a_form_of_it() -> None:
    index = _index(Profile(1, "priya@example.org", emails={"priya@example.org"}))
    probe = profile_of(_record("Priya Raman", emails=[("priya@example.org", "")]))
    assert index.resolve(probe).ref == 1
    index = _index(Profile(2, "Ken", emails={"ken.ito@example.jp"}))
    probe = profile_of(_record("Ken Ito", emails=[("ken.ito@example.jp", "")]))
    assert index.resolve(probe).ref == 2


def test_shared_email_merges_even_with_another_spelling_of_the_name() -> None:
    index = _index(Profile(7, "Tomás Herrera", emails={"tomas.herrera@example.org"}))
    probe = profile_of(_record("Tomas Herrera", emails=[("Tomas.Herrera@example.org", "")]))
    assert index.resolve(probe).ref == 7


def test_chris_and_christopher_doyle_are_at_most_a_proposal() -> None:
    index = _index(Profile(1, "Chris Doyle", phones={"+14155550177"}))
    probe = profile_of(
        _record(
            "Christopher Doyle",
            given_name="Christopher",
            family_name="Doyle",
            organisations=[OrgRecord("Tailspin Toys")],
        )
    )
    decision = index.resolve(probe)
    assert decision.verdict is Verdict.PROPOSE
    assert [c.ref for c in decision.proposals] == [1]
    assert "similar names" in decision.proposals[0].evidence


def test_same_name_and_organisation_is_a_proposal_not_a_merge() -> None:
    index = _index(Profile(3, "Priya Raman", organisations={"northwind health"}))
    probe = profile_of(_record("Priya Raman", organisations=[OrgRecord("Northwind Health")]))
    decision = index.resolve(probe)
    assert decision.verdict is Verdict.PROPOSE
    assert decision.proposals[0].score > 0.6
    assert "same organisation" in decision.proposals[0].evidence


def test_name_organisation_and_company_domain_together_merge() -> None:
    index = _index(
        Profile(
            4,
            "Wei Chen",
            emails={"wei.chen@contoso.example.org"},
            organisations={"contoso"},
        )
    )
    probe = profile_of(
        _record(
            "Wei Chen",
            emails=[("wchen@contoso.example.org", "")],
            organisations=[OrgRecord("Contoso Ltd")],
        )
    )
    decision = index.resolve(probe)
    assert decision.verdict is Verdict.SAME and decision.ref == 4
    assert "same e-mail domain" in decision.evidence


def test_strangers_are_new_and_blocking_still_finds_a_typo() -> None:
    index = _index(Profile(1, "Daniel Okafor"), Profile(2, "Lena Fischer"))
    assert index.resolve(profile_of(_record("Keiko Sato"))).verdict is Verdict.NEW
    typo = index.resolve(profile_of(_record("Daniel Okafr")))
    assert typo.verdict is Verdict.PROPOSE and typo.proposals[0].ref == 1


def test_nickname_links_peggy_to_margaret() -> None:
    index = _index(Profile(5, "Margaret Lindqvist", nicknames={"Peggy"}))
    decision = index.resolve(profile_of(_record("Peggy Lindqvist")))
    assert decision.verdict is Verdict.PROPOSE and decision.proposals[0].ref == 5


def test_merges_move_keys() -> None:
    index = IdentityIndex()
    index.add(Profile(10, "Sam Patel", emails={"sam@wideworld.example.com"}))
    index.add(Profile(11, "Sam Patel", phones={"+14155550100"}))
    index.merge(10, 11)
    probe = profile_of(_record("Sam Patel", phones=[("+1 415 555 0100", "")]))
    assert index.resolve(probe).ref == 10
