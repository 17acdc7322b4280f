"""Template changes on a database that holds generated records.

Ledger figures before and after each change are compared with sums computed here,
independently, from the records themselves.
"""

import datetime as dt

import pytest

from core import activities as A
from core import template_edit as E
from core.errors import TaizhangError
from core.ledger import compute_ledger
from core.periods import parse_period
from core.sample_data import generate_activities
from core.template import load_template

PERIODS = ("2025", "2026Q1", "2026")


@pytest.fixture
def records(db, template):
    data = generate_activities(template, 1500, dt.date(2025, 1, 1), dt.date(2026, 6, 30), seed=5)
    return A.add_activities(db, data)


def _sums(records, type_id, start, end, field_id=None, weight_field=None):
    total = 0
    for a in records:
        if a.type_id == type_id and start <= a.date <= end:
            if field_id is None:
                total += a.values.get(weight_field, 1) if weight_field else 1
            else:
                total += a.values.get(field_id, 0)
    return total


def _figures(db, code, type_name):
    """(indicator, None) of a type's rows, (the indicator above, option) of breakdown rows."""
    ledger = compute_ledger(db, load_template(db), parse_period(code))
    rows, above = {}, None
    for f in ledger.figures:
        if f.type_name != type_name:
            continue
        if f.option is None:
            above = f.indicator
            key = (f.indicator if f.field_id is None else f"#{f.indicator}", None)
        else:
            assert f.indicator == f"其中：{f.option}"
            key = (above, f.option)
        assert key not in rows
        rows[key] = (f.current, f.year_to_date, f.last_year)
    return rows


def _find(spec, name):
    for item in E.iter_items(spec):
        if getattr(item, "name", None) == name or getattr(item, "label", None) == name:
            return item
    raise KeyError(name)


def _change(db, edit):
    spec = E.spec_of(load_template(db))
    edit(spec)
    return E.change_template(db, spec)


def test_unchanged_spec_changes_nothing(db, records):
    plan = E.plan_changes(db, E.spec_of(load_template(db)))
    assert plan.ok and plan.changes == []


def test_rename_changes_no_figure_and_renames_everywhere(db, template, records):
    training = template.type_by_name("科技培训班")
    people = training.field_by_label("参训人次")
    before = {code: _figures(db, code, "科技培训班") for code in PERIODS}
    q1 = parse_period("2026Q1")
    assert before["2026Q1"][("期数", None)][0] == _sums(records, training.id, q1.start, q1.end)
    assert before["2026Q1"][("#参训人次", None)][0] == _sums(
        records, training.id, q1.start, q1.end, people.id
    )

    def rename(spec):
        _find(spec, "八、科普宣传与培训").name = "八、科技培训"
        _find(spec, "科技培训班").name = "实用技术培训班"
        next(
            f for f in _find(spec, "实用技术培训班").fields if f.label == "参训人次"
        ).label = "培训人次"

    plan = _change(db, rename)
    assert plan.renamed == 3 and plan.count("add") == plan.count("delete") == 0
    after = {code: _figures(db, code, "实用技术培训班") for code in PERIODS}
    for code in PERIODS:
        renamed = {
            ("#培训人次" if k[0] == "#参训人次" else k[0], k[1]): v for k, v in before[code].items()
        }
        assert after[code] == renamed
    new = load_template(db)
    assert new.type(training.id).name == "实用技术培训班"
    assert new.section_of(training.id).name == "八、科技培训"
    assert new.fields_by_id[people.id].label == "培训人次"
    ledger = compute_ledger(db, new, q1)
    assert "八、科技培训" in [s.name for s in ledger.sections]
    history = E.template_history(db, training.uid)
    assert [(h.action, h.before["name"], h.after["name"]) for h in history] == [
        ("change", "科技培训班", "实用技术培训班")
    ]


def test_archive_keeps_past_figures_and_hides_from_entry(db, template, records):
    lecture = template.type_by_name("科普讲座")
    before = {code: _figures(db, code, "科普讲座") for code in PERIODS}
    plan = _change(
        db, lambda spec: _find(spec, "八、科普宣传与培训").types.remove(_find(spec, "科普讲座"))
    )
    assert plan.count("archive") == 1 and plan.count("delete") == 0
    new = load_template(db)
    assert new.type(lecture.id).archived
    assert lecture.id not in [t.id for t in new.active_types]
    assert not new.is_active(lecture.id)
    for code in PERIODS:
        assert _figures(db, code, "科普讲座") == before[code]
        y = parse_period(code)
        assert before[code][("场次", None)][0] == _sums(records, lecture.id, y.start, y.end)
    # a period without its records has no row for it
    assert _figures(db, "2028Q1", "科普讲座") == {}
    assert "科普讲座" in {
        f.type_name for f in compute_ledger(db, new, parse_period("2026")).figures
    }
    # restored: offered again, in the place it left
    spec = E.spec_of(new)
    _find(spec, "科普讲座").archived = False
    assert E.change_template(db, spec).count("restore") == 1
    assert load_template(db).is_active(lecture.id)


def test_unused_items_are_deleted_used_ones_archived(db, template):
    used = template.type_by_name("座谈会")
    A.add_activity(
        db, A.validate_activity(template, {"type_id": used.id, "date": "2026-03-01", "title": "会"})
    )

    def remove(spec):
        section = _find(spec, "四、产学研合作与成果转化")
        section.types = [t for t in section.types if t.name not in ("座谈会", "技术难题征集")]

    plan = _change(db, remove)
    assert {(c.uid, c.action) for c in plan.changes if c.action != "change"} == {
        (used.uid, "archive"),
        (template.type_by_name("技术难题征集").uid, "delete"),
    }
    new = load_template(db)
    assert new.type(used.id).archived
    with pytest.raises(TaizhangError):
        new.type_by_name("技术难题征集")


def test_add_type_with_two_fields_and_its_rows(db, template, records):
    def add(spec):
        section = _find(spec, "十、机关建设")
        section.types.append(
            E.TypeSpec(
                "",
                "党建活动",
                "次",
                fields=[
                    E.FieldSpec("", "参加人数", "人", "integer"),
                    E.FieldSpec("", "形式", "", "choice", ("集中学习", "主题党日")),
                ],
            )
        )

    plan = _change(db, add)
    assert plan.count("add") == 3
    new = load_template(db)
    t = new.type_by_name("党建活动")
    assert [f.label for f in t.fields] == ["参加人数", "形式"] and t.uid.startswith("T-")
    rows = _figures(db, "2026Q1", "党建活动")
    assert rows == {("次数", None): (0, 0, 0), ("#参加人数", None): (0, 0, 0)}


def test_counted_by_sums_the_field_and_empty_counts_one(db, template, records):
    expert = template.type_by_name("科技特派员派驻")
    people = expert.field_by_label("人数")
    assert expert.counted_by == people.id
    mine = [a for a in records if a.type_id == expert.id]
    assert any(people.id not in a.values for a in mine) and any(people.id in a.values for a in mine)
    for code in PERIODS:
        p = parse_period(code)
        want = _sums(records, expert.id, p.start, p.end, weight_field=people.id)
        assert _figures(db, code, "科技特派员派驻")[("人数", None)][0] == want
    # counted by nothing again: one per record
    _change(db, lambda spec: setattr(_find(spec, "科技特派员派驻"), "counted_by", ""))
    p = parse_period("2026")
    rows = _figures(db, "2026", "科技特派员派驻")
    assert rows[("人数", None)][0] == _sums(records, expert.id, p.start, p.end)
    assert rows[("#人数", None)][0] == _sums(records, expert.id, p.start, p.end, people.id)


def test_breakdown_set_in_the_editor_adds_up(db, template, records):
    seminar = template.type_by_name("校企对接活动")

    def breakdown(spec):
        t = _find(spec, "校企对接活动")
        t.fields.append(E.FieldSpec("", "形式", "", "choice", ("线上", "线下")))
        t.breakdown_by = t.fields[-1].uid = "F-test000001"

    _change(db, breakdown)
    rows = _figures(db, "2026", "校企对接活动")
    # old records have no 形式: they are all 未填写
    p = parse_period("2026")
    count = _sums(records, seminar.id, p.start, p.end)
    assert rows[("场次", None)][0] == count
    assert rows[("场次", "线上")][0] == rows[("场次", "线下")][0] == 0
    assert rows[("场次", "未填写")][0] == count
    assert rows[("参加企业", "未填写")] == rows[("#参加企业", None)]


def test_refused_kind_change_names_its_records(db, template, records):
    training = template.type_by_name("科技培训班")
    field = training.field_by_label("参训人次")
    holders = [a for a in records if field.id in A.get_activity(db, a.id).values]
    spec = E.spec_of(template)
    next(f for f in _find(spec, "科技培训班").fields if f.label == "参训人次").kind = "text"
    _find(spec, "科技下乡").name = "科技下乡活动"  # would be fine, but all or nothing
    plan = E.plan_changes(db, spec)
    assert not plan.ok
    [problem] = plan.problems
    assert set(problem.record_ids) == {a.id for a in holders}
    assert f"{len(holders)} 条记录" in problem.text
    first = min(holders, key=lambda a: (a.date, a.title))
    assert first.title in problem.text
    with pytest.raises(TaizhangError) as caught:
        E.apply_plan(db, plan)
    assert "模板未修改" in caught.value.zh
    assert load_template(db).type_by_name("科技下乡").name == "科技下乡"
    assert E.template_history(db) == []


def test_fitting_changes_are_allowed(db, template, records):
    def widen(spec):
        level = next(f for f in _find(spec, "项目申报").fields if f.label == "级别")
        level.options = (*level.options, "乡镇级")
        money = next(f for f in _find(spec, "项目申报").fields if f.label == "申请资金")
        money.unit = "万元"

    assert E.plan_changes(db, E.spec_of(template)).changes == []
    plan = _change(db, widen)
    assert plan.count("change") == 1
    spec = E.spec_of(load_template(db))
    level = next(f for f in _find(spec, "项目申报").fields if f.label == "级别")
    level.options = level.options[1:]  # 国家级 is used by generated records
    assert not E.plan_changes(db, spec).ok


def test_shape_problems_are_all_reported(db, template):
    spec = E.spec_of(template)
    _find(spec, "科普讲座").name = "科技下乡"
    _find(spec, "学习会议").count_unit = "桶"
    _find(spec, "项目申报").counted_by = _find(spec, "项目申报").fields[0].uid  # a choice field
    plan = E.plan_changes(db, spec)
    texts = " | ".join(p.text for p in plan.problems)
    assert len(plan.problems) == 3, texts
    assert "科技下乡" in texts and "桶" in texts and "计数方式" in texts


def test_reorder_moves_rows_of_the_ledger(db, template):
    def reorder(spec):
        section = _find(spec, "一、科技项目")
        section.types.reverse()
        spec.insert(0, spec.pop())

    _change(db, reorder)
    new = load_template(db)
    assert [s.name for s in new.sections][:2] == ["十一、科技奖励", "一、科技项目"]
    assert [t.name for t in new.sections[1].types] == ["项目立项", "项目申报"]
    ledger = compute_ledger(db, new, parse_period("2026Q1"))
    assert [f.type_name for f in ledger.figures][0] == "科技奖励"
    assert E.plan_changes(db, E.spec_of(new)).changes == []


def test_archived_types_take_no_new_records_from_import_or_command_line(db, db_path, tmp_path):
    from core import importer
    from core.cli import main

    lecture = load_template(db).type_by_name("科普讲座")
    draft = {"type_id": lecture.id, "date": "2026-03-01", "title": "已有讲座"}
    A.add_activity(db, A.validate_activity(load_template(db), draft))
    _change(
        db, lambda spec: _find(spec, "八、科普宣传与培训").types.remove(_find(spec, "科普讲座"))
    )
    assert load_template(db).type(lecture.id).archived
    source = tmp_path / "导入.csv"
    source.write_text("日期,活动类型,活动名称\n2026-03-05,科普讲座,讲座\n", encoding="utf-8")
    plan = importer.plan_import(source, load_template(db))
    assert not plan.ok and "已停用" in str(plan.errors[0])
    args = ["--db", str(db_path), "add", "--type", "科普讲座"]
    assert main([*args, "--date", "2026-03-05", "--title", "讲座"]) == 1
    assert A.count_activities(db, A.ActivityQuery(type_ids=(lecture.id,))) == 1


def test_moving_a_type_to_another_section_changes_no_figure(db, template, records):
    """科普讲座 moves from 八 to 十: listed under 十 in every period, with the same figures,
    its records on 十's sheet; the other types of both sections unchanged."""
    lecture = template.type_by_name("科普讲座")
    listener = lecture.field_by_label("听众人次")
    neighbours = [t.name for t in template.sections[7].types + template.sections[9].types]
    before = {code: {n: _figures(db, code, n) for n in neighbours} for code in PERIODS}

    def move(spec):
        lecture_spec = _find(spec, "科普讲座")
        _find(spec, "八、科普宣传与培训").types.remove(lecture_spec)
        _find(spec, "十、机关建设").types.insert(0, lecture_spec)

    plan = _change(db, move)
    assert [(c.item, c.action, c.renamed) for c in plan.changes if c.uid == lecture.uid] == [
        ("type", "change", False)
    ]
    new = load_template(db)
    assert new.section_of(lecture.id).name == "十、机关建设"
    for code in PERIODS:
        span = parse_period(code)
        ledger = compute_ledger(db, new, span)
        rows = [f for f in ledger.figures if f.type_name == "科普讲座"]
        assert {f.section for f in rows} == {"十、机关建设"}
        sections = [f.section for f in ledger.figures]
        assert sections.index("十、机关建设") <= ledger.figures.index(rows[0])
        count = _sums(records, lecture.id, span.start, span.end)
        listeners = _sums(records, lecture.id, span.start, span.end, listener.id)
        assert (rows[0].indicator, rows[0].current) == ("场次", count)
        assert next(f.current for f in rows if f.field_id == listener.id) == listeners
        assert count > 0  # the generated records reach every period
        office = next(s for s in ledger.sections if s.name == "十、机关建设")
        assert sum(1 for r in office.records if r.type_name == "科普讲座") == count
        training = next(s for s in ledger.sections if s.name == "八、科普宣传与培训")
        assert not any(r.type_name == "科普讲座" for r in training.records)
        assert {n: _figures(db, code, n) for n in neighbours} == before[code]
    (entry,) = E.template_history(db, lecture.uid)
    assert entry.before["section"] == template.sections[7].uid
    assert entry.after["section"] == template.sections[9].uid


def test_a_deleted_type_id_is_never_given_again_so_history_keeps_its_name(db, template):
    """A type (and its field) with the highest ids, used once and then by no record, is
    deleted; the next new type must not take its id, or the record's history would call
    the old type by the new one's name."""
    from core import history

    def add(name, label):
        def edit(spec):
            _find(spec, "十、机关建设").types.append(
                E.TypeSpec("", name, "次", fields=[E.FieldSpec("", label, "人", "integer")])
            )

        _change(db, edit)
        return load_template(db).type_by_name(name)

    first = add("党建活动", "参加人数")
    draft = {"type_id": first.id, "date": "2026-03-01", "title": "主题党日",
             "values": {first.fields[0].id: 30}}  # fmt: skip
    record = A.add_activity(db, A.validate_activity(load_template(db), draft))
    other = template.type_by_name("座谈会")
    moved = {"type_id": other.id, "date": "2026-03-01", "title": "主题党日"}
    A.update_activity(db, record.id, A.validate_activity(load_template(db), moved))

    def remove(spec):
        section = _find(spec, "十、机关建设")
        section.types = [t for t in section.types if t.name != "党建活动"]

    plan = _change(db, remove)
    assert (first.uid, "delete") in {(c.uid, c.action) for c in plan.changes}
    second = add("调研活动", "走访人次")
    assert second.id != first.id and second.fields[0].id != first.fields[0].id

    edit_entry = history.history_of(db.conn, record.id)[-1]
    shown = dict((label, before) for label, before, _after in history.changes(
        load_template(db), edit_entry))  # fmt: skip
    assert "调研活动" not in shown["活动类型"] and "走访人次" not in "".join(shown)
    assert shown["活动类型"] == "党建活动（已从模板删除）"  # Chinese, as the other labels
    assert "参加人数（已从模板删除）" in shown


def test_a_deleted_type_brought_back_by_its_uid_takes_its_own_id_again(db, template):
    spec = E.spec_of(template)
    gone = _find(spec, "技术难题征集")
    section = _find(spec, "四、产学研合作与成果转化")
    section.types = [t for t in section.types if t is not gone]
    E.change_template(db, spec)
    section.types.append(gone)  # a template workbook holding it (its 编号) again
    E.change_template(db, spec)
    back = load_template(db).type_by_name("技术难题征集")
    old = template.type_by_name("技术难题征集")
    assert back.id == old.id and [f.id for f in back.fields] == [f.id for f in old.fields]
    assert load_template(db).retired == {}
