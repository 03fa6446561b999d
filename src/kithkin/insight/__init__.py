"""Pure analysis over plain data: deterministic for a given ``now``; no I/O, no clocks."""
