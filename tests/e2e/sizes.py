"""The two screens every browser test runs on: a laptop and a phone."""

from __future__ import annotations

import pytest

SIZES = [
    pytest.param({"width": 1280, "height": 900}, id="desktop"),
    pytest.param({"width": 390, "height": 844}, id="phone"),
]
