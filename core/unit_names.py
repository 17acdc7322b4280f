"""The 填报单位 and 填报人 a record carries at every office: what its own database said last.

A record's source (the database that first saved it) is the only one to name it: it gives
the record its 填报单位 when it saves it, and again each time it corrects its name
(``activities.rename_own_unit``). Each time it numbers its word one higher
(``source_name_seq``: 1 when saved). Every other office only carries the name with its
number, unchanged, on its copy and in its packages (``source.name_seq``), and never numbers
a word of its own.

So the name is a register with one writer: of two namings of a record, the higher number
is the later word of its source, whatever the clocks of the offices say (a PC whose clock
was set back still says its second correction after its first; a rule of the latest date
would take the first back). A merge keeps the higher one, on whichever side's content it
keeps: a township that edited another's record under that township's old name sends the
old name with its old number, and it loses to the new one the county already has.

Why it settles: every office ends with the highest number any of them has seen, and a
number names one name (its source gave it once). Where the name a merge keeps is not the
one on the rev it stored, the office writes it as a change of its own (a new rev): a rev
names one name everywhere, and the offices holding the rev before learn the name by the
new one. Only a lower number than an office's own makes such a rev (numbered files and
packages), so once every office holds the highest, a round of packages with nothing new
makes none.

Why a count and not a time: the count is the source's own order of its words, kept in the
record (one more than the stored one), so no clock can reorder it. A time would need every
PC's clock right. Why per record and not one name per source database: a correction renames
only the records under the old name (a 填报单位 changed without renaming keeps the older
records' name), so a file may hold its own records under two names; and every renamed
record travels anyway (a new rev), so its number rides with it.

A record's own database never takes another's word on its name, whatever its number
(``_another_word_on_ours``): a copy of a file that kept the file's id once numbered the
file's records as their source, and its packages must not rename them (issue F1).

Equal numbers are the case of the files and packages made before the numbers (0 on
every copy: no word of the source seen; an old package names none): then the rule of
before holds — a record of ours keeps our name, the source's own change brings its name,
anything else is as the merge stored it.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.activities import Activity

LARGEST = 2**63 - 1  # what SQLite stores as an integer; a package's number beyond is damaged


@dataclass(frozen=True)
class Naming:
    unit: str
    staff: str
    seq: int


def of_record(activity: Activity) -> Naming:
    return Naming(activity.source_unit, activity.source_staff, activity.source_name_seq)


def of_item(item: dict) -> Naming:
    """The naming a package's record carries; none numbered in an older package (0)."""
    source = item["source"]
    return Naming(
        str(source.get("unit", "")), str(source.get("staff", "")), int(source.get("name_seq", 0))
    )


def is_number(value: object) -> bool:
    """What a package may carry as ``name_seq``."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= LARGEST


def _another_word_on_ours(here: str, local: Activity, theirs: Naming, ours: Naming) -> bool:
    """A record of ours that comes named otherwise, under a higher number than ours: a
    word this file does not hold. Only a copy of this file that kept its id (made before
    copies took ids of their own, core/identity.py) could have said it, its packages
    relayed by a third office; or this file said it and lost it to a restore from an older
    backup, and then its settings went back to the old name too. Either way this file's
    name for its own records is the one its records and settings hold now."""
    return local.source_db == here and (theirs.unit, theirs.staff) != (ours.unit, ours.staff)


def chosen(here: str, item: dict, local: Activity | None) -> Naming | None:
    """The naming a received record must carry at the database ``here``; None where the
    merge's choice of side settles it (a new record, an old package's second-hand copy)."""
    theirs = of_item(item)
    if local is None:
        return None
    ours = of_record(local)
    if theirs.seq > ours.seq and _another_word_on_ours(here, local, theirs, ours):
        # Never taken: ours said again, numbered above it, so that every office holding
        # the other word takes ours back (the number rides on a new rev of ours).
        return Naming(ours.unit, ours.staff, min(theirs.seq + 1, LARGEST))
    if theirs.seq != ours.seq:
        return theirs if theirs.seq > ours.seq else ours
    if local.source_db == here:  # our own records keep our name for them
        return ours
    if item["changed_by"] == item["source"].get("database_id"):  # the source's own change
        return theirs
    return None
