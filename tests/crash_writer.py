"""A child for the crash test: adds records in bursts until it is killed.

    python tests/crash_writer.py DB BURST_SIZE FIRST_BURST

After each burst is committed it prints ``saved N``; the test kills it with SIGKILL
at a random moment and then checks that every burst it said was saved is whole.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import activities  # noqa: E402
from core.bureau_file import open_bureau  # noqa: E402
from core.template import load_template  # noqa: E402


def main() -> None:
    path, size, burst = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    db = open_bureau(path, create=True)
    template = load_template(db)
    lecture = template.type_by_name("科普讲座")
    audience = lecture.field_by_label("听众人次").id
    print("ready", flush=True)
    while True:
        records = [
            activities.validate_activity(template, {
                "type_id": lecture.id, "date": "2026-04-01", "title": f"第 {burst} 批 第 {n} 条",
                "notes": f"burst-{burst}", "values": {audience: n},
            })
            for n in range(size)
        ]  # fmt: skip
        activities.add_activities(db, records)
        print(f"saved {burst}", flush=True)
        burst += 1


if __name__ == "__main__":
    main()
