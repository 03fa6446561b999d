"""The scored network's former address: it lives in ``service.read_model.scored``."""

from kithkin.service.read_model.scored import Scored, scored_network

__all__ = ["Scored", "scored_network"]
