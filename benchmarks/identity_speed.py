"""How fast identity resolution is over 50,000 generated people (target: under 30 s).

Each generated person is resolved against everyone before it, as an import
does, through the blocked ``IdentityIndex``. Some people come back as
duplicates: the same e-mail or phone (must merge), the same name (must be
proposed), a nickname or a typo of the family name (should be proposed).

Baseline, measured in the same run: the naive way — every record compared with
every earlier one — on a sample small enough to finish, timed on that sample,
and the blocked index timed on the same sample. The naive baseline also gives
the proposals a complete comparison finds, so the report says how many of them
blocking keeps (its recall).

    .venv/bin/python benchmarks/identity_speed.py [--people 50000] [--sample 2000] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from import_speed import SYLLABLES  # the same made-up names as the import benchmark
from kithkin.ingest.identity import (
    IdentityIndex,
    Profile,
    Verdict,
    compare_names,
)

NICKNAMES = {"Margaret": "Peggy", "Robert": "Bob", "William": "Bill", "Elizabeth": "Liz"}


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def generate(n: int, seed: int = 7) -> list[Profile]:
    """People with about 12% duplicates of earlier ones, of every kind."""
    rng = random.Random(seed)
    out: list[Profile] = []
    for i in range(n):
        roll = rng.random()
        if out and roll < 0.05:  # same address, another spelling of the name
            old = rng.choice(out)
            out.append(Profile(i, old.display_name.upper(), emails=set(old.emails)))
            continue
        if out and roll < 0.08:  # same phone
            old = rng.choice(out)
            out.append(Profile(i, old.display_name, phones=set(old.phones)))
            continue
        if out and roll < 0.11:  # same name, nothing else
            old = rng.choice(out)
            out.append(Profile(i, old.display_name, organisations=set(old.organisations)))
            continue
        if out and roll < 0.12:  # a typo in the family name
            old = rng.choice(out)
            name = old.display_name
            out.append(Profile(i, name[:-1] + ("x" if name[-1] != "x" else "y")))
            continue
        given = rng.choice([*NICKNAMES, _word(rng, 2), _word(rng, 2), _word(rng, 3)])
        family = _word(rng, rng.choice((2, 3, 3)))
        out.append(
            Profile(
                i,
                f"{given} {family}",
                nicknames={NICKNAMES[given]} if given in NICKNAMES else set(),
                emails={f"{given.lower()}.{family.lower()}.{i}@example.org"},
                phones={f"+1212{i:07d}"},
                organisations={f"org {rng.randrange(5000)}"},
            )
        )
    return out


def _fresh(p: Profile) -> Profile:
    return Profile(
        p.ref,
        p.display_name,
        nicknames=set(p.nicknames),
        emails=set(p.emails),
        phones=set(p.phones),
        organisations=set(p.organisations),
    )


def blocked(people: list[Profile]) -> tuple[float, dict[str, int], set[tuple[int, int]]]:
    """Resolve each against the index of those before it, as an import does."""
    index = IdentityIndex()
    counts = {v.value: 0 for v in Verdict}
    pairs: set[tuple[int, int]] = set()
    begin = time.perf_counter()
    for p in people:
        probe = _fresh(p)
        decision = index.resolve(probe)
        counts[decision.verdict.value] += 1
        pairs |= {(c.ref, p.ref) for c in decision.proposals}
        if decision.verdict is Verdict.SAME and decision.ref is not None:
            probe.ref = decision.ref
        index.add(probe)
    return time.perf_counter() - begin, counts, pairs


def naive(people: list[Profile]) -> tuple[float, set[tuple[int, int]]]:
    """Every record against every earlier one: shared keys, else names."""
    seen: list[Profile] = []
    pairs: set[tuple[int, int]] = set()
    begin = time.perf_counter()
    for p in people:
        probe = _fresh(p)
        same = None
        for other in seen:
            if probe.emails & other.emails or probe.phones & other.phones:
                same = other
                break
        if same is not None:
            same.absorb(probe)
            continue
        for other in seen:
            if compare_names(probe, other) is not None:
                pairs.add((other.ref, p.ref))
        seen.append(probe)
    return time.perf_counter() - begin, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    everyone = generate(args.people)
    sample = generate(args.sample, seed=11)
    full = [blocked(everyone) for _ in range(args.repeat)]
    small = [blocked(sample) for _ in range(args.repeat)]
    base = [naive(sample) for _ in range(args.repeat)]
    naive_pairs, blocked_pairs = base[0][1], small[0][2]
    recall = len(naive_pairs & blocked_pairs) / len(naive_pairs) if naive_pairs else 1.0
    full_s = statistics.median(r[0] for r in full)
    result = {
        "people": args.people,
        "blocked_s": round(full_s, 2),
        "per_person_us": round(full_s / args.people * 1e6, 1),
        "verdicts": full[0][1],
        "sample": args.sample,
        "sample_blocked_s": round(statistics.median(r[0] for r in small), 3),
        "sample_naive_s": round(statistics.median(r[0] for r in base), 3),
        "naive_over_blocked": round(
            statistics.median(r[0] for r in base) / statistics.median(r[0] for r in small), 1
        ),
        "naive_extrapolated_s": round(
            statistics.median(r[0] for r in base) * (args.people / args.sample) ** 2
        ),
        "recall_of_naive_proposals": round(recall, 3),
        "target_s": 30.0,
        "meets_target": full_s < 30.0,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
