"""Ids stay unique whatever else the program does with randomness."""

from __future__ import annotations

import os
import random
import sys

import pytest

from core import ids


def test_seeding_the_shared_random_does_not_repeat_ids():
    # Sample data and tests seed Python's shared generator; two databases doing so must
    # still give their records different ids.
    random.seed(7)
    first = [ids.new_hex()[12:] for _ in range(3)]  # the random part, past the time
    random.seed(7)
    again = [ids.new_hex()[12:] for _ in range(3)]
    assert not set(first) & set(again)


@pytest.mark.skipif(sys.platform == "win32", reason="no fork on Windows")
def test_a_forked_child_does_not_repeat_its_parents_ids():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next ids, to the parent
        os.close(read)
        os.write(write, " ".join(ids.new_hex()[12:] for _ in range(3)).encode())
        os._exit(0)
    os.close(write)
    mine = {ids.new_hex()[12:] for _ in range(3)}
    with os.fdopen(read) as pipe:
        childs = set(pipe.read().split())
    os.waitpid(pid, 0)
    assert len(childs) == 3 and not mine & childs
