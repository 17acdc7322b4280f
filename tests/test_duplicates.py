"""Records already in the database, told apart as the clerk sees them (core/duplicates.py).

A title pasted from WeChat carries zero-width spaces the clerk cannot see; written in
full-width forms it is the same title too. The duplicate check compares titles the way
a search does (core/search.py search_key), so 零\u200b宽培训班 is like 零宽培训班.
"""

from __future__ import annotations

import pytest

from core import activities as A
from core import duplicates


def _record(template, title, date="2026-04-02", type_name="科技培训班", location="县科技馆",
            **values):  # fmt: skip
    t = template.type_by_name(type_name)
    return A.validate_activity(
        template, {"type_id": t.id, "date": date, "title": title, "location": location, **values}
    )


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("零\u200b宽培训班", "零宽培训班"),  # pasted from WeChat, typed by hand
        ("零宽培训班", "零\ufeff宽\u200d培训班"),  # the other way round
        ("ＡＩ应用培训班", "ai应用培训班"),  # full-width and capitals, as search finds them
    ],
)
def test_a_title_that_differs_only_unseen_is_like_the_saved_one(db, template, stored, typed):
    saved = A.add_activity(db, _record(template, stored))
    like = duplicates.records_like(db, _record(template, typed))
    assert [a.id for a in like] == [saved.id]


def test_a_different_title_or_day_or_type_is_not_like_it(db, template):
    A.add_activity(db, _record(template, "零\u200b宽培训班"))
    assert duplicates.records_like(db, _record(template, "零宽培训二班")) == []
    assert duplicates.records_like(db, _record(template, "零宽培训班", date="2026-04-03")) == []
    assert duplicates.records_like(db, _record(template, "零宽培训班", type_name="科普讲座")) == []


def test_the_record_being_edited_is_not_like_itself(db, template):
    saved = A.add_activity(db, _record(template, "零\u200b宽培训班"))
    assert duplicates.records_like(db, _record(template, "零宽培训班"), exclude_id=saved.id) == []


def test_an_imported_row_with_a_zero_width_title_repeats_the_saved_record(db, template):
    A.add_activity(db, _record(template, "零宽培训班"))
    rows = [
        _record(template, "零\u200b宽培训班"),
        _record(template, "零宽培训班", date="2026-04-05"),
    ]
    repeats = duplicates.find_repeats(db, rows)
    assert repeats.positions == {0} and repeats.by_content == 1


def test_a_zero_width_place_is_the_same_place_too(db, template):
    A.add_activity(db, _record(template, "培训班", location="县科技馆"))
    repeats = duplicates.find_repeats(db, [_record(template, "培训班", location="县\u200b科技馆")])
    assert repeats.positions == {0}


def test_a_row_repeating_an_earlier_row_but_for_a_zero_width_space_is_skipped(db, template):
    rows = [_record(template, "零宽培训班"), _record(template, "零\u200b宽培训班")]
    repeats = duplicates.find_repeats(db, rows)
    assert repeats.positions == {1} and repeats.in_file == 1
