"""Standing indicators have stable ids (migration 6), the same in every database that has
the default indicators: a township that imports the county's template matches by id."""

import shutil
from pathlib import Path

from core import db as database
from core import template_edit as E
from core.bureau_file import open_bureau
from core.indicators import load_indicators, year_table
from core.template import default_uid, load_template

FIXTURES = Path(__file__).parent / "fixtures"


def _ids(db):
    return {i.name: i.uid for i in load_indicators(db)}


def test_an_upgraded_file_gets_the_ids_a_new_file_has(tmp_path):
    path = tmp_path / "v5.db"
    shutil.copy(FIXTURES / "schema_v5.db", path)
    old = open_bureau(path, create=True)
    new = open_bureau(tmp_path / "new.db", create=True)
    try:
        assert database.schema_version(old) == database.SCHEMA_VERSION
        assert database.integrity_problems(old) == []
        upgraded = _ids(old)
        assert upgraded == _ids(new)
        assert upgraded["高新技术企业总数"] == default_uid("indicator", "高新技术企业总数")
        assert len(set(upgraded.values())) == len(upgraded) and all(
            uid.startswith("I-") for uid in upgraded.values()
        )
        # the value reported before the upgrade is still there, under the same indicator
        figures = {r.indicator.name: r.values for r in year_table(old, 2026)}
        assert figures["高新技术企业总数"] == {"2026Q1": 35}
        # and the template's history now takes changes of indicators
        spec = E.spec_of(load_template(old))
        spec[1].indicators[0].name = "国家高新技术企业总数"
        E.change_template(old, spec)
        (entry,) = E.template_history(old)
        assert (entry.item, entry.action, entry.before["name"]) == (
            "indicator", "change", "高新技术企业总数"
        )  # fmt: skip
    finally:
        old.close()
        new.close()


def test_an_indicator_added_with_a_taken_name_id_gets_another(tmp_path):
    db = open_bureau(tmp_path / "a.db", create=True)
    try:
        spec = E.spec_of(load_template(db))
        removed = spec[1].indicators.pop(0)  # unused: deleted
        E.change_template(db, spec)
        spec = E.spec_of(load_template(db))
        spec[1].indicators.append(E.IndicatorSpec("", removed.name, "家", "last"))
        E.change_template(db, spec)
        again = _ids(db)[removed.name]
        assert again != removed.uid  # a new item, never the old one's id
    finally:
        db.close()
