"""The lazily fetched activity model, checked by Qt's own model tester."""

import datetime as dt

from PySide6.QtCore import Qt

from core import activities as A
from core.collation import sort_key
from core.sample_data import generate_activities
from gui.activity_model import ID_ROLE, PAGE, ActivityModel, figures_text


def _fill(db, template, count):
    data = generate_activities(template, count, dt.date(2026, 1, 1), dt.date(2026, 12, 31), seed=5)
    return A.add_activities(db, data)


def test_model_passes_qt_model_tester(qtmodeltester, session, db, template):
    _fill(db, template, 450)
    model = ActivityModel(session)
    model.set_query(A.ActivityQuery())
    qtmodeltester.check(model, force_py=True)  # fetches every page as a view would
    assert model.rowCount() == 450 and not model.canFetchMore()
    location = next(i for i, c in enumerate(model.columns) if c.key == "location")
    model.sort(location, Qt.SortOrder.AscendingOrder)  # the tester, still connected, checks it
    model.fetchMore()
    model.reload()
    assert model.rowCount() == 2 * PAGE


def test_rows_come_in_pages_in_sort_order(session, db, template):
    stored = _fill(db, template, 700)
    model = ActivityModel(session)
    model.set_query(A.ActivityQuery())
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE
    while model.canFetchMore():
        model.fetchMore()
    ids = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    assert sorted(ids) == sorted(a.id for a in stored)
    dates = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    model.sort(2, Qt.SortOrder.AscendingOrder)  # by title, in SQL, in pinyin order
    titles = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert titles == sorted(titles, key=sort_key) and model.rowCount() == PAGE


def test_cells_show_type_and_figures(session, db, template):
    t = template.type_by_name("科技培训班")
    draft = {
        "type_id": t.id,
        "date": "2026-03-05",
        "title": "培训\n第二行",
        "values": {t.field_by_label("参训人次").id: "1200", t.field_by_label("发放资料").id: "30"},
    }
    stored = A.add_activity(db, A.validate_activity(template, draft))
    model = ActivityModel(session)
    model.set_query(A.ActivityQuery())
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[:3] == ["2026-03-05", "科技培训班", "培训 第二行"]
    assert row[3] == "参训人次 1,200人次，发放资料 30册" == figures_text(template, stored)
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == "培训\n第二行"


def test_reload_keeps_loaded_rows(session, db, template):
    _fill(db, template, 500)
    model = ActivityModel(session)
    model.set_query(A.ActivityQuery())
    model.fetchMore()
    model.reload()
    assert model.rowCount() == 2 * PAGE


def test_the_date_column_is_as_wide_as_a_date_not_twice_that(window):
    """UI audit finding 11: 日期 took a fixed 150 px for ten characters (2026-09-30), and
    主要指标 was pushed off the screen at 125 % and 150 %."""
    table = window.table
    date = table.fontMetrics().horizontalAdvance("2026-09-30")
    heading = table.horizontalHeader().fontMetrics().horizontalAdvance("日期")
    width = table.columnWidth(0)
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "日期"
    assert width >= date  # a date is never cut
    assert width >= heading
    assert width <= max(date, heading) + 40  # and the rest goes to the columns after it
