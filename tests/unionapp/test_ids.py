"""UUIDv7 as RFC 9562 writes it: version 7, the RFC variant, the millisecond time in front (so
ids sort by time), and text exactly as the uuid module writes it."""

from __future__ import annotations

import time
import uuid

from hypothesis import given
from hypothesis import strategies as st

from unionapp.models.ids import named, uuid7, uuid7_many


@given(st.integers(min_value=0, max_value=2**48 - 1))
def test_a_uuid7_carries_its_time_version_and_variant(millis: int) -> None:
    text = uuid7(millis)
    parsed = uuid.UUID(text)
    assert str(parsed) == text  # the uuid module's own spelling
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    assert parsed.int >> 80 == millis


def test_uuid7s_sort_by_time_and_never_repeat() -> None:
    earlier = uuid7(1_700_000_000_000)
    later = uuid7(1_700_000_000_001)
    assert earlier < later
    many = uuid7_many(10_000)
    assert len(set(many)) == 10_000
    now = int(time.time() * 1000)
    for text in many:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.variant == uuid.RFC_4122
        assert parsed.version == 7 and abs((parsed.int >> 80) - now) < 60_000
    assert {text[19] for text in many} == set("89ab")  # the variant's two random bits vary
    assert len({text[15:18] + text[20:] for text in many}) == 10_000  # random past the time


def test_named_uuids_are_the_same_on_every_pc() -> None:
    assert named("setting", "union_name") == named("setting", "union_name")
    assert named("setting", "union_name") != named("setting", "archive_prefix")
    assert uuid.UUID(named("target", 2026, "families_helped")).version == 5
