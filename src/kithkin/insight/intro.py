"""An honest introduction request to the first person on a path.

Every sentence comes from a template whose slots are filled only from stored
records; a sentence whose facts are missing is left out rather than guessed.
Each sentence carries the facts it uses, with the record each came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kithkin.insight.hops import PathView
from kithkin.insight.network import Network
from kithkin.model import Channel, Interaction, Opportunity

CHANNEL_PHRASE = {
    Channel.IN_PERSON: "seeing you",
    Channel.CALL: "talking on the phone",
    Channel.VIDEO: "our video call",
    Channel.MESSAGE: "hearing from you",
    Channel.EMAIL: "hearing from you",
    Channel.EVENT: "seeing you",
}
ASK_PHRASE = {
    "intro": "an introduction",
    "referral": "a referral",
    "advice": "a short conversation for advice",
}


@dataclass(frozen=True)
class Fact:
    """A value used in a sentence, and the stored record it was read from."""

    value: str
    source: str  # e.g. "person #4 display_name", "interaction #12 note"


@dataclass(frozen=True)
class Sentence:
    text: str
    facts: list[Fact]


@dataclass
class IntroDraft:
    to_id: int
    to_name: str
    ask: str
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def text(self) -> str:
        greeting, *rest = self.sentences
        return greeting.text + "\n\n" + " ".join(s.text for s in rest[:-1]) + "\n\n" + rest[-1].text


def _first_name(network: Network, pid: int) -> Fact:
    p = network.people[pid]
    if p.given_name:
        return Fact(p.given_name, f"person #{pid} given_name")
    return Fact(p.display_name, f"person #{pid} display_name")


def _full(network: Network, pid: int) -> Fact:
    return Fact(network.people[pid].display_name, f"person #{pid} display_name")


def _last_together(network: Network, me: int, other: int) -> Interaction | None:
    shared = [it for it in network.interactions_between(me, other) if it.answered is not False]
    return max(shared, key=lambda it: (it.when, it.id or 0), default=None)


def _kinds(path: PathView, i: int) -> Fact:
    hop = path.hops[i]
    return Fact(", ".join(hop.kinds) or hop.source, f"tie {hop.from_id}–{hop.to_id} kinds")


def draft_intro(
    network: Network, path: PathView, ask: str, opportunity: Opportunity | None = None
) -> IntroDraft:
    """The request to the path's first hop: shared context, whom to reach and why, the ask."""
    me = network.me
    assert me is not None, "a draft is written by me"
    hop = path.hops[0]
    first = hop.to_id
    draft = IntroDraft(to_id=first, to_name=hop.to_name, ask=ask)
    name = _first_name(network, first)
    draft.sentences.append(Sentence(f"Hi {name.value},", [name]))

    last = _last_together(network, me, first)
    if last is not None and last.id is not None:
        when = Fact(f"{last.when:%-d %B %Y}", f"interaction #{last.id} when")
        how = Fact(CHANNEL_PHRASE[last.channel], f"interaction #{last.id} channel")
        if last.note:
            note = Fact(last.note.rstrip(". "), f"interaction #{last.id} note")
            text = f"It was good {how.value} on {when.value} ({note.value})."
            draft.sentences.append(Sentence(text, [how, when, note]))
        else:
            draft.sentences.append(
                Sentence(f"It was good {how.value} on {when.value}.", [how, when])
            )

    target = path.hops[-1].to_id
    facts: list[Fact] = []
    if len(path.hops) == 1:
        reach = "I am writing to you"
    else:
        target_name = _full(network, target)
        facts.append(target_name)
        reach = f"I am hoping to reach {target_name.value}"
    if path.target_why:
        why = Fact(path.target_why, f"person #{target} affiliations")
        facts.append(why)
        reach += f" ({why.value})"
    if opportunity is not None and opportunity.id is not None:
        role = Fact(opportunity.role, f"opportunity #{opportunity.id} role")
        org = Fact(opportunity.organisation, f"opportunity #{opportunity.id} organisation")
        facts += [role, org]
        reach += f" about the {role.value} opening at {org.value}"
    if len(path.hops) == 2:
        kinds = _kinds(path, 1)
        facts.append(kinds)
        reach += f", whom you know ({kinds.value})"
    if facts:  # with nothing stored to say about the target, say nothing
        draft.sentences.append(Sentence(reach + ".", facts))

    what = Fact(ASK_PHRASE.get(ask, ask), "the ask you chose")
    if len(path.hops) == 1:
        question = f"Would you be open to {what.value}?"
        used = [what]
    elif len(path.hops) == 2:
        question = f"Would you be willing to help with {what.value}?"
        used = [what]
    else:
        knows = _full(network, path.hops[1].to_id)
        kinds = _kinds(path, 1)
        question = (
            f"You know {knows.value} ({kinds.value}), who can help me get there; would you be "
            f"willing to introduce me, with {what.value} in mind?"
        )
        used = [knows, kinds, what]
    draft.sentences.append(Sentence(f"{question} No pressure if the timing is wrong.", used))
    me_name = _first_name(network, me)
    draft.sentences.append(Sentence(f"Thank you, {me_name.value}", [me_name]))
    return draft
