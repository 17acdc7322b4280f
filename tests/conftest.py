"""Shared fixtures. Qt runs offscreen in tests (STACK.md §7)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from core import settings  # noqa: E402
from core.db import open_database  # noqa: E402
from core.template import load_template  # noqa: E402


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "台账 数据.db"


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    settings.set_settings(database, **{settings.UNIT: "某某县科技局", settings.STAFF: "张三"})
    yield database
    database.close()


@pytest.fixture
def template(db):
    return load_template(db)
