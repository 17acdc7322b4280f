"""The core's message catalogue: every user-visible text of core/, Chinese first.

A message is shown as ``中文 (English)`` unless a language is asked for; the GUI
asks for its own language, the command line shows both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a template change does, counted (core/template_edit.py Plan.counts).
_PLAN_ZH = (
    "新增 {added} 项，改名 {renamed} 项，修改 {changed} 项，停用 {archived} 项，"
    "恢复 {restored} 项，删除 {deleted} 项，拒绝 {refused} 项"
)
_PLAN_EN = (
    "{added} new, {renamed} renamed, {changed} changed, {archived} archived, "
    "{restored} restored, {deleted} deleted, {refused} refused"
)

MESSAGES: dict[str, tuple[str, str]] = {
    # database
    "db_not_database": (
        "“{path}”不是台账数据库文件，未做任何修改",
        "'{path}' is not a Taizhang database; nothing was changed",
    ),
    "db_foreign": (
        "“{path}”是其他程序的数据库，不是台账数据库，未做任何修改",
        "'{path}' belongs to another program; nothing was changed",
    ),
    "db_too_new": (
        "数据库“{path}”由更新版本的台账程序创建（结构版本 {found}，本程序支持到 {supported}），"
        "请升级程序后再打开；文件未做任何修改",
        "'{path}' was made by a newer Taizhang (schema {found}, this program knows up to "
        "{supported}); upgrade the program; the file was not changed",
    ),
    "db_upgraded": (
        "已把数据库“{path}”从结构版本 {found} 升级到 {now}；旧版本的台账程序将不能再打开它。"
        "升级前的备份：“{backup}”",
        "upgraded '{path}' from schema {found} to {now}; older versions of Taizhang can no "
        "longer open it. The backup from before: '{backup}'",
    ),
    "db_copy_new_id": (
        "“{path}”是从另一个台账文件复制来的，现在作为一个新的数据库（已换上自己的数据库编号），"
        "以免它导出的交换包被当成原文件的。复制时文件里已有的记录仍属于原来那个数据库，"
        "改填报单位时不会随之改名",
        "'{path}' is a copy of another Taizhang file: it is a database of its own now (it "
        "took an id of its own), so that its exchange packages are not taken for the "
        "original's. The records it held when copied stay the original database's and do "
        "not take a new reporting unit name given here",
    ),
    "db_wal_lost": (
        "数据库“{path}”旁的日志文件（-wal）被别的程序删除或换掉了，这次修改没有保存，以免数据"
        "错乱。请关闭台账再重新打开（关闭时已保存的内容会写回数据库），然后再做这次修改",
        "the log file (-wal) beside '{path}' was deleted or replaced by another program; this "
        "change was not saved, so that nothing gets mixed up. Close Taizhang and open it again "
        "(closing writes what was saved back into the database), then make the change again",
    ),
    "db_old_read_only": (
        "数据库“{path}”是旧版本程序的（结构版本 {found}），要先升级到结构版本 {supported} "
        "才能打开，但它在只读的地方（如写保护的 U 盘）；请把它复制到可写的文件夹后再打开；"
        "文件未做任何修改",
        "'{path}' is an older version's database (schema {found}) and must be upgraded to "
        "schema {supported} to be opened, but it is in a read-only place (a write-protected "
        "USB stick); copy it to a folder that can be written, then open it; the file was not "
        "changed",
    ),
    "db_old_open_in_old_window": (
        "数据库“{path}”是旧版本台账的文件（结构版本 {found}），要先升级才能使用，但它正被旧版本的"
        "台账窗口打开着：升级后那个窗口就保存不了了。请先关闭旧版本的台账，再用本程序打开它；"
        "文件未做任何修改",
        "'{path}' is an older version's database (schema {found}) and must be upgraded to be "
        "used, but it is open in an older Taizhang, which could not save once it is upgraded. "
        "Close the older Taizhang first, then open it here; the file was not changed",
    ),
    "db_old_open_elsewhere": (
        "数据库“{path}”是旧版本台账的文件（结构版本 {found}），要先升级才能使用，但它正被另一个"
        "程序（可能是旧版本的台账）打开着：升级后旧版本就保存不了了。请先关闭它，再用本程序打开；"
        "文件未做任何修改",
        "'{path}' is an older version's database (schema {found}) and must be upgraded to be "
        "used, but another program has it open (an older Taizhang, perhaps), which could not "
        "save once it is upgraded. Close it first, then open it here; the file was not changed",
    ),
    "db_cannot_open": (
        "无法打开数据库“{path}”：{reason}",
        "cannot open the database '{path}': {reason}",
    ),
    "db_missing": (
        "数据库文件“{path}”不存在，未创建新文件。请检查路径；要新建数据库，请用窗口的“文件 → "
        "新建数据库”，或用 add、import、settings 命令",
        "the database file '{path}' does not exist and none was created; check the path (a new "
        "database is made by File → New database, or by add, import or settings)",
    ),
    "db_is_folder": (
        "“{path}”是一个文件夹，不是数据库文件；请写出其中数据库文件的路径，如“{path}/taizhang.db”；"
        "未做任何修改",
        "'{path}' is a folder, not a database file; give the path of the database file in it, "
        "such as '{path}/taizhang.db'; nothing was changed",
    ),
    "db_damaged": (
        "数据库文件“{path}”已损坏（{details}），为保护数据未做任何写入。如有完好的备份，可以从"
        "备份恢复；也可以只读打开查看",
        "the database '{path}' is damaged ({details}); nothing was written to it. Restore a "
        "good backup if there is one, or open it read-only to look",
    ),
    "db_damaged_details": ("文件内容不完整或已被破坏", "the file is incomplete or damaged"),
    "db_no_good_backup": (
        "没有找到这个数据库的完好备份（备份在“{folder}”）；放在别处的备份可以点“其他备份文件…”"
        "选择，否则只能只读打开，查看还读得出的内容",
        "no good backup of this database was found (backups are in '{folder}'); one kept "
        "elsewhere can be chosen with Other backup file…, else it can only be opened "
        "read-only, to look at what can still be read",
    ),
    "db_unnumbered_backups": (
        "备份文件夹里另有 {count} 份旧版本做的备份（文件名没有编号，不能确定是这个数据库的）："
        "点“其他备份文件…”选择",
        "the backups folder also holds {count|backup|backups} made by an older version (no id in "
        "the file name, so not surely this database's): choose one with Other backup file…",
    ),
    "db_unreadable": (
        "数据库文件“{path}”连只读也打不开：{details}",
        "the database '{path}' cannot be opened even read-only: {details}",
    ),
    "db_folder_read_only": (
        "数据文件夹“{path}”是只读的，无法保存数据；请换一个可写的文件夹，或请信息技术人员开放写权限",
        "the data folder '{path}' is read-only, nothing can be saved; use a writable folder",
    ),
    "db_name_too_long": (
        "数据库文件名“{name}”太长（{length} 字节）：文件名最多 {most} 字节，即扩展名前约 {chinese} "
        "个汉字或 {letters} 个字母、数字（一个汉字占 3 字节），因为台账要在它旁边建名字更长的辅助"
        "文件。未创建任何文件；请换一个短一些的名字",
        "the database file name '{name}' is too long ({length|byte|bytes}): it may have at most "
        "{most|byte|bytes}, that is about {chinese|Chinese character|Chinese characters} or "
        "{letters|letter or digit|letters and digits} before the extension, because Taizhang "
        "makes files with longer names beside it. No file was made; choose a shorter name",
    ),
    "db_name_too_long_here": (
        "数据库文件名“{name}”太长（{length} 字节），不能修改它（仍可以查看和导出）：文件名最多 "
        "{most} 字节，即扩展名前约 {chinese} 个汉字或 {letters} 个字母、数字（一个汉字占 3 字节），"
        "因为台账要在它旁边建名字更长的辅助文件。数据未改动；请把它改成短一些的名字后再打开",
        "the database file name '{name}' is too long ({length|byte|bytes}) for it to be changed "
        "(it can still be looked at and exported): it may have at most {most|byte|bytes}, that "
        "is about {chinese|Chinese character|Chinese characters} or "
        "{letters|letter or digit|letters and digits} before the extension, because Taizhang "
        "makes files with longer names beside it. Nothing was changed; rename it to something "
        "shorter, then open it again",
    ),
    "db_on_network": (
        "数据库“{path}”位于网络共享文件夹中。网络文件夹无法保证数据安全，请把数据库放在本机磁盘上"
        "（导出的台账和备份可以存到网络文件夹）",
        "'{path}' is on a network share, where the database is not safe; keep it on a local "
        "disk (exports and backups may go to the share)",
    ),
    "db_in_cloud_folder": (
        "数据库“{path}”位于网盘同步文件夹“{folder}”中。同步程序可能在写入时复制文件而损坏数据，"
        "请把数据库放在不同步的本机文件夹（导出的台账和备份可以放在网盘）",
        "'{path}' is in the cloud-synced folder '{folder}', where syncing can damage it; keep "
        "it in a local folder that is not synced (exports and backups may go there)",
    ),
    "db_disk_full": (
        "磁盘空间不足，刚才的修改没有保存，原有数据完好。请清理磁盘后重试",
        "the disk is full: the change was not saved, the data is as it was; free some space "
        "and retry",
    ),
    "db_disk_full_here": (
        "数据库“{path}”所在的磁盘已满，不能修改它（仍可以查看、导出和备份）；请清理磁盘后重试，"
        "数据未改动",
        "the disk holding '{path}' is full, so it cannot be changed (it can still be looked "
        "at, exported and backed up); free some space and retry; nothing was changed",
    ),
    "read_only_session": (
        "这个数据库是只读打开的（文件已损坏），不能修改；请先从备份恢复",
        "this database is open read-only (the file is damaged); restore a backup to change it",
    ),
    "db_busy": (
        "数据库正被其他程序占用，请稍后重试",
        "the database is busy in another program; try again in a moment",
    ),
    "db_write_failed": (
        "保存失败，数据未改动：{reason}",
        "saving failed, nothing was changed: {reason}",
    ),
    # The file is named: an IT person whose clerk opened another file in the window
    # checks the one meant (the command line's default is not the window's last file).
    "integrity_ok": ("数据库检查通过：“{path}”", "database check passed: '{path}'"),
    "integrity_wal_pending": (
        "数据库本身完好，但还有 {pages} 页改动只在“{wal}”中、尚未并入数据库文件"
        "（另一个程序正打开着它）。单独复制 .db 文件会缺少这些改动：请先关闭台账窗口，再检查或复制",
        "the database is sound, but {pages|page of changes is|pages of changes are} still only in "
        "'{wal}', not yet in the file (another program has it open); a copy of the .db alone would "
        "miss them: close the Taizhang window first, then check or copy",
    ),
    "integrity_bad": (
        "数据库检查发现问题：{details}",
        "the database check found problems: {details}",
    ),
    "backup_done": ("已备份到“{path}”", "backed up to '{path}'"),
    "backup_failed": ("备份失败：{reason}", "backup failed: {reason}"),
    "backup_disk_full": (
        "磁盘空间不足，无法备份到“{path}”；原有数据和原有备份都未改动",
        "the disk is full, cannot back up to '{path}'; the data and earlier backups are unchanged",
    ),
    "backup_name_too_long": (
        "文件名“{name}”太长（{length} 字节）：文件名最多 {most} 字节，约 {chinese} 个汉字（一个汉字"
        "占 3 字节）；请换一个短一些的名字，什么也没有写入",
        "the file name '{name}' is too long ({length|byte|bytes}): a name may have at most "
        "{most|byte|bytes}, about {chinese|Chinese character|Chinese characters}; choose a "
        "shorter name, nothing was written",
    ),
    "import_no_backup": (
        "导入前的备份没有成功，因此一条记录也没有导入，原有数据未改动：{reason}",
        "the backup before the import failed, so nothing was imported and the data is as it "
        "was: {reason}",
    ),
    "backup_read_only": (
        "备份文件夹“{path}”是只读的（或没有写权限），无法备份；原有数据未改动",
        "the backup folder '{path}' is read-only (or not writable), no backup was made; the "
        "data is as it was",
    ),
    "backups_not_folder": (
        "“{path}”应当是存放备份的文件夹，现在却是一个文件；请把它改名或移走后重试",
        "'{path}' should be the folder for backups but is a file; rename or move it, then retry",
    ),
    "db_no_read_only_look": (
        "这个文件无法只读打开查看（没有读得出的内容），只能从备份恢复",
        "it cannot be opened read-only either (nothing in it can be read); only a restore "
        "from a backup can bring it back",
    ),
    "db_empty_file": ("文件是空的（0 字节）", "the file is empty (0 bytes)"),
    "db_unreadable_header": (
        "文件头已损坏或文件不完整",
        "the file's header is damaged or the file is cut short",
    ),
    "restore_foreign": (
        "“{path}”是其他程序的完好数据库，不能用台账备份覆盖它",
        "'{path}' is a sound database of another program; a Taizhang backup never replaces it",
    ),
    "restore_not_ours": (
        "“{path}”不是台账数据库文件（{kind}），没有用备份覆盖它，未做任何修改；请在 --db 后写"
        "台账数据库文件（.db）的路径",
        "'{path}' is not a Taizhang database ({kind}); no backup was put in its place and "
        "nothing was changed; give the path of the Taizhang database file (.db) after --db",
    ),
    "file_not_named_db": (
        "看来是其他程序的文件：台账的数据库文件以 .db 结尾",
        "another program's file, it seems: Taizhang's database files end in .db",
    ),
    "restore_other_database": (
        "所选文件属于{their_unit}（{their_records}），当前数据库属于{our_unit}（{our_records}）。"
        "恢复将用它替换当前全部数据",
        "the chosen file belongs to {their_unit} ({their_records}); this database belongs to "
        "{our_unit} ({our_records}). Restoring it replaces all the data here with it",
    ),
    "restore_other_database_same_unit": (
        "所选文件是另一个数据库（同属{their_unit}，{their_records}），不是本数据库的备份；"
        "当前数据库有 {our_records}。恢复将用它替换当前全部数据",
        "the chosen file is another database (also of {their_unit}, {their_records}), not a "
        "backup of this one, which has {our_records}. Restoring it replaces all the data here "
        "with it",
    ),
    "owner_records": ("{count} 条记录", "{count|record|records}"),
    "owner_records_unreadable": ("记录数无法读出", "records not readable"),
    "restore_other_refused": (
        "{warning}。未恢复；确实要用它替换，请加 --yes",
        "{warning}. Nothing was restored; to replace the data with it all the same, add --yes",
    ),
    "backup_not_ours": (
        "“{path}”不是可用的台账备份：{reason}",
        "'{path}' is not a usable Taizhang backup: {reason}",
    ),
    "backup_not_database": (
        "“{path}”不是数据库文件（可能已损坏，或不是台账的备份），不能用来恢复；未做任何修改",
        "'{path}' is not a database file (it may be damaged, or not a Taizhang backup: "
        "{reason}) and cannot be restored from; nothing was changed",
    ),
    "backup_is_other_kind": (
        "“{path}”是{kind}，不是台账备份，不能用来恢复；未做任何修改",
        "'{path}' is {kind}, not a Taizhang backup, and cannot be restored from; nothing was "
        "changed",
    ),
    "backup_is_package": (
        "“{path}”是交换包，不是台账备份：交换包里的记录请用“文件 → 导入交换包”（命令 exchange "
        "import）加入；未做任何修改",
        "'{path}' is an exchange package, not a Taizhang backup: its records are added with "
        "File → Import exchange package (the command exchange import); nothing was changed",
    ),
    "kind_workbook": (
        "Excel/WPS 工作簿（如导出的台账）",
        "an Excel/WPS workbook (an exported ledger, perhaps)",
    ),
    "restore_done": (
        "已从备份“{path}”恢复；恢复前的数据已备份到“{saved}”",
        "restored from '{path}'; the data before it was backed up to '{saved}'",
    ),
    "restore_evidence_missing": (
        "注意：恢复的记录有 {count} 个佐证材料文件在备份里没有（那份备份没有做完整），未能恢复；"
        "运行 check 可查看是哪些记录的哪些文件",
        "note: the restored records lack {count|evidence file|evidence files} that the backup did "
        "not hold (it was not made whole); run check to see which",
    ),
    "restore_while_open": (
        "数据库“{path}”正被另一个程序使用（如开着的台账窗口），未恢复；请先关闭它再恢复，"
        "或在窗口里用 文件 → 从备份恢复",
        "'{path}' is open in another program (a Taizhang window, say); nothing was restored. "
        "Close it first, or restore from the window (File → Restore from a backup)",
    ),
    "backups_other_files": (
        "以下 {count} 份备份是同一数据库的另一个文件做的（它的副本，或移动前的这个文件），"
        "不算这个文件的备份，不会被它推荐或删除；需要时用 restore 备份文件 指定恢复",
        "{count|backup below was|backups below were} made from another file of this database (a "
        "copy of it, or this file before it was moved): not this file's, never offered or deleted "
        "by it; to restore one, name it: restore BACKUP_FILE",
    ),
    "backups_unnumbered": (
        "以下 {count} 份备份的文件名没有本库的编号（旧版本做的，或另一个同名数据库的）："
        "不会被自动推荐，也不会被自动删除；需要时用 restore 备份文件 指定恢复",
        "{count|backup below has|backups below have} no id of this database in the file name (made "
        "by an older version, or of another database of the same name): never offered or deleted "
        "automatically; to restore one, name it: restore BACKUP_FILE",
    ),
    "backups_none": (
        "没有找到数据库“{path}”的备份（备份文件夹：“{folder}”）",
        "no backup of '{path}' was found (backups folder: '{folder}')",
    ),
    "backups_none_no_file": (
        "没有找到数据库“{path}”的备份（备份文件夹：“{folder}”），这个数据库文件也不存在：请检查路径",
        "no backup of '{path}' was found (backups folder: '{folder}'), and the file itself "
        "does not exist: check the path",
    ),
    "restore_done_new": (
        "已从备份“{path}”恢复到“{db}”（此前这里没有数据库）",
        "restored from '{path}' into '{db}' (there was no database here before)",
    ),
    "evidence_file_left_out": (
        "佐证材料“{name}”（{date} “{title}”）的文件不见了，没有放进压缩包（应在“{path}”；"
        "请把数据库旁的 .attachments 文件夹一起复制过来，或从备份恢复）",
        "the evidence file '{name}' ({date} '{title}') is missing and was left out of the zip "
        "(expected at '{path}'; copy the .attachments folder beside the database too, or "
        "restore a backup)",
    ),
    "unit_renamed_records": (
        "本库录入的 {count} 条记录的填报单位也由“{old}”改为了“{new}”",
        "'{new}' is now the unit of the {count|record|records} first saved here under '{old}' too",
    ),
    "unit_renamed_organizers": (
        "其中 {count} 条记录的主办单位原为“{old}”（不填时即为填报单位），也改为了“{new}”",
        "of them, the {count|record|records} whose organizer was '{old}' (what an empty "
        "organizer is filled with) have '{new}' as organizer too",
    ),
    "setting_bad_characters": (
        "设置“{setting}”中有无法识别的字符（可能是终端的编码不对），未保存",
        "the setting '{setting}' holds characters that cannot be read (the terminal's encoding?); "
        "nothing was saved",
    ),
    "db_file_read_only": (
        "数据库文件“{path}”是只读的，不能修改；可以查看和导出",
        "the database file '{path}' is read-only and cannot be changed; it can be looked at "
        "and exported",
    ),
    # template
    "unknown_type": ("没有名为“{name}”的活动类型", "there is no activity type named '{name}'"),
    "type_ambiguous": (
        "“{name}”对应多个活动类型：{names}，请写出完整名称",
        "'{name}' fits several activity types: {names}; give the whole name",
    ),
    "unknown_type_id": ("活动类型 {type_id} 不存在", "activity type {type_id} does not exist"),
    "unknown_field": (
        "活动类型“{type_name}”没有指标“{label}”",
        "the activity type '{type_name}' has no field '{label}'",
    ),
    # a record's history naming a type or field since deleted from the template
    "history_retired_item": ("{name}（已从模板删除）", "{name} (deleted from the template)"),
    "history_retired_unnamed": (
        "已从模板删除（#{number}）",
        "deleted from the template (#{number})",
    ),
    "template_invalid": ("模板文件有误：{reason}", "the template file is invalid: {reason}"),
    "type_archived": (
        "活动类型“{name}”已停用，不能再录入新记录（可在“设置 → 台账模板”中恢复）",
        "the activity type '{name}' is archived and takes no new records (restore it in "
        "Settings → Ledger template)",
    ),
    # template changes (core/template_edit.py, core/template_book.py)
    "template_plan_summary": (_PLAN_ZH, _PLAN_EN),
    "template_name_missing": ("名称不能为空", "the name cannot be empty"),
    "template_section_twice": (
        "板块“{name}”出现了不止一次",
        "the section '{name}' appears more than once",
    ),
    "template_type_twice": (
        "活动类型“{name}”出现了不止一次（活动类型名称在整个模板中不能重复）",
        "the activity type '{name}' appears more than once (type names must be unique)",
    ),
    "template_field_twice": (
        "活动类型“{type_name}”中指标“{name}”出现了不止一次",
        "the field '{name}' appears more than once in '{type_name}'",
    ),
    "template_uid_twice": (
        "编号“{uid}”出现了不止一次：复制来的行请清空“编号”（新增的项目编号留空）",
        "the id '{uid}' appears more than once: clear 编号 in a copied row (a new item has none)",
    ),
    "template_uid_wrong_kind": (
        "编号“{uid}”不属于这张表（板块以 S- 开头，活动类型以 T-，指标以 F-，统计指标以 I-）；"
        "新增的行请把编号留空",
        "the id '{uid}' belongs to another sheet (sections start S-, types T-, fields F-, "
        "indicators I-); leave the id of a new row empty",
    ),
    "template_indicator_twice": (
        "统计指标“{name}”出现了不止一次（统计指标名称在整个模板中不能重复）",
        "the indicator '{name}' appears more than once (indicator names must be unique)",
    ),
    "template_bad_aggregation": (
        "汇总方式“{value}”无效，应为 {names} 之一",
        "the aggregation '{value}' is not valid: use one of {names}",
    ),
    "template_aggregation_refused": (
        "统计指标“{name}”的汇总方式不能从“{before}”改为“{after}”：已填报 {count} 个数值，"
        "改了以前各期的数字就会变；请新增一个统计指标",
        "the aggregation of '{name}' cannot change from {before} to {after}: "
        "{count|value is|values are} reported and past figures would change; add a new indicator "
        "instead",
    ),
    "template_bad_count_unit": (
        "计数单位“{unit}”无效，应为 {units} 之一，或留空（不计数）",
        "the count unit '{unit}' is not valid: use one of {units}, or leave it empty",
    ),
    "template_bad_kind": (
        "类型“{kind}”无效，应为 整数、小数、文字 或 选项",
        "the kind '{kind}' is not valid: use 整数, 小数, 文字 or 选项",
    ),
    "template_no_options": (
        "选项类指标“{name}”必须列出选项（用“、”“/”“，”或“；”分隔）",
        "the choice field '{name}' needs its options (separated by 、 / ， or ；)",
    ),
    "template_option_twice": (
        "指标“{name}”的选项有重复",
        "the field '{name}' lists an option twice",
    ),
    "template_bad_counted_by": (
        "“{type_name}”的计数方式“{name}”应为本类型一个在用的整数指标",
        "'{type_name}' is counted by '{name}', which must be one of its integer fields in use",
    ),
    "template_bad_breakdown_by": (
        "“{type_name}”的分项统计“{name}”应为本类型一个在用的选项指标",
        "'{type_name}' is broken down by '{name}', which must be one of its choice fields in use",
    ),
    "template_field_moved": (
        "指标“{name}”不能移到其他活动类型（已有记录按原类型保存）；请在新类型中新增一个指标",
        "the field '{name}' cannot move to another type (records keep it under its own); "
        "add a new field there instead",
    ),
    "template_kind_refused": (
        "指标“{name}”的类型不能修改：{count} 条记录中的值不符合新类型（{records}）",
        "the kind of '{name}' cannot change: {count|record holds a value|records hold values} that "
        "would not fit ({records})",
    ),
    "template_options_refused": (
        "指标“{name}”的选项不能这样修改：{count} 条记录填的值不在新选项中（{records}）",
        "the options of '{name}' cannot change so: "
        "{count|record holds a value|records hold values} not among them ({records})",
    ),
    "template_refused": (
        "模板未修改：有 {count} 处问题，第一处：{first}",
        "the template was not changed: {count|problem|problems}, the first: {first}",
    ),
    "template_unchanged": ("模板没有变化", "the template is unchanged"),
    "template_dry_run": (f"试运行，未写入：{_PLAN_ZH}", f"dry run, nothing written: {_PLAN_EN}"),
    "template_changed": (f"模板已更新：{_PLAN_ZH}", f"the template was changed: {_PLAN_EN}"),
    "template_exported": ("已导出模板到“{path}”", "exported the template to '{path}'"),
    "template_book_problem": (
        "工作表“{sheet}”第 {row} 行“{column}”列：{reason}",
        "sheet '{sheet}', row {row}, column '{column}': {reason}",
    ),
    "template_book_sheet_problem": (
        "工作表“{sheet}”：{reason}",
        "sheet '{sheet}': {reason}",
    ),
    "template_book_missing_sheet": (
        "缺少工作表“{sheet}”（模板工作簿应有“板块”“活动类型”“指标”三张表，及“统计指标”）",
        "the sheet '{sheet}' is missing (a template workbook has 板块, 活动类型 and 指标, "
        "and 统计指标)",
    ),
    "template_book_missing_columns": (
        "表头缺少列：{columns}",
        "the header lacks the columns: {columns}",
    ),
    "template_book_unknown_section": (
        "没有名为“{name}”的板块（应为“板块”表中的名称）",
        "there is no section named '{name}' in the sheet 板块",
    ),
    "template_book_unknown_type": (
        "没有名为“{name}”的活动类型（应为“活动类型”表中的名称）",
        "there is no activity type named '{name}' in the sheet 活动类型",
    ),
    "template_book_unknown_field": (
        "活动类型“{type_name}”没有名为“{name}”的指标",
        "the activity type '{type_name}' has no field named '{name}'",
    ),
    "template_book_bad_flag": (
        "应填“是”或留空，而不是“{value}”",
        "must be 是 or empty, not '{value}'",
    ),
    "template_book_too_many_rows": (
        "行数超过 {limit} 行，不像是台账模板",
        "more than {limit|row|rows}: this is not a ledger template",
    ),
    "template_book_pick": (
        "请从下拉列表中选择{column}（或留空）",
        "pick the {column} from the list (or leave it empty)",
    ),
    "template_book_rejected": (
        "模板未导入：{count} 处问题，未做任何修改",
        "the template was not imported: {count|problem|problems}, nothing was changed",
    ),
    # values
    "value_required": ("“{label}”必须填写", "'{label}' is required"),
    "value_not_integer": (
        "“{label}”应为不小于 0 的整数，而不是“{value}”",
        "'{label}' must be a whole number of 0 or more, not '{value}'",
    ),
    "value_not_decimal": (
        "“{label}”应为不小于 0 的数字（最多两位小数），而不是“{value}”",
        "'{label}' must be a number of 0 or more with at most 2 decimals, not '{value}'",
    ),
    "value_negative": ("“{label}”不能为负数", "'{label}' cannot be negative"),
    "value_too_large": ("“{label}”数值过大：{value}", "'{label}' is too large: {value}"),
    "value_not_choice": (
        "“{label}”只能是：{options}，而不是“{value}”",
        "'{label}' must be one of {options}, not '{value}'",
    ),
    "value_not_date": (
        "“{label}”不是有效日期：“{value}”（例如 2026-03-05、2026/3/5、2026年3月5日）",
        "'{label}' is not a valid date: '{value}' (e.g. 2026-03-05, 2026/3/5)",
    ),
    "value_date_no_year": (
        "“{label}”缺少年份：“{value}”，请写上年份（例如 2026年3月5日、2026-03-05）",
        "'{label}' has no year: '{value}'; write the year too (e.g. 2026-03-05)",
    ),
    "date_out_of_range": (
        "“{label}”超出可用范围（{first} 至 {last} 年）：{value}",
        "'{label}' is out of range (years {first} to {last}): {value}",
    ),
    "end_before_start": (
        "结束日期不能早于开始日期",
        "the end date cannot be before the start date",
    ),
    "record_invalid": ("记录有误：{details_zh}", "the record is invalid: {details_en}"),
    "record_changed_elsewhere": (
        "记录“{title}”在您修改期间已被别处（另一个窗口或命令行）改过，您的修改没有保存，以免"
        "覆盖那边的修改。请重新打开这条记录，看过别处改的内容后再改",
        "the record '{title}' was changed elsewhere (another window or the command line) "
        "while you were editing it; your change was not saved, so as not to overwrite that "
        "one. Open the record again, look at what was changed, then make your change",
    ),
    # An undo or a redo made from what its step left, refused: the record changed since.
    "undo_changed_elsewhere": (
        "无法撤销：记录“{title}”在这一步之后又被别处（另一个窗口、命令行或交换包）改过，撤销会把"
        "那边的修改也一并改掉，所以没有做任何修改。需要时请打开这条记录，看过现在的内容后手工改回",
        "cannot undo: the record '{title}' was changed elsewhere (another window, the command "
        "line or an exchange package) after this step, and undoing it would take that change "
        "away too; nothing was changed. If need be, open the record, look at it as it is now "
        "and change it back by hand",
    ),
    "redo_changed_elsewhere": (
        "无法重做：记录“{title}”在撤销之后又被别处（另一个窗口、命令行或交换包）改过，重做会把"
        "那边的修改也一并改掉，所以没有做任何修改。需要时请打开这条记录手工修改",
        "cannot redo: the record '{title}' was changed elsewhere (another window, the command "
        "line or an exchange package) after the undo, and redoing it would take that change "
        "away too; nothing was changed. If need be, open the record and change it by hand",
    ),
    "undo_figure_changed_elsewhere": (
        "无法撤销：这个数值在这一步之后又被别处（另一个窗口或命令行）改过，撤销会把那边填的值改掉，"
        "所以没有做任何修改。需要时请直接输入要的值",
        "cannot undo: this value was changed elsewhere (another window or the command line) "
        "after this step, and undoing it would write over that one; nothing was changed. If "
        "need be, type the value wanted",
    ),
    "redo_figure_changed_elsewhere": (
        "无法重做：这个数值在撤销之后又被别处（另一个窗口或命令行）改过，重做会把那边填的值改掉，"
        "所以没有做任何修改。需要时请直接输入要的值",
        "cannot redo: this value was changed elsewhere (another window or the command line) "
        "after the undo, and redoing it would write over that one; nothing was changed. If "
        "need be, type the value wanted",
    ),
    "undo_add_changed_elsewhere": (
        "无法撤销：这一步新增的记录中有 {count} 条（如“{title}”）之后又被别处（另一个窗口、命令行"
        "或交换包）改过或移到了回收站；撤销会把它们连同那些修改和修改记录一起删掉，所以没有做任何"
        "修改。不要的记录请在列表中选中后按 Delete 移到回收站",
        "cannot undo: {count|record added in this step was|records added in this step were} "
        "changed elsewhere (another window, the command line or an exchange package) or moved "
        "to the recycle bin since, such as '{title}'; undoing would delete them with those "
        "changes and their history, so nothing was changed. Select the records you do not "
        "want in the list and press Delete to move them to the recycle bin",
    ),
    "import_template_changed": (
        "读取文件后，模板已被修改（另一个窗口或命令行导入或修改了模板），这次导入没有写入任何"
        "记录。请重新导入这个文件，按现在的模板检查",
        "the template was changed after the file was read (another window or the command "
        "line imported or edited it); nothing was imported. Import the file again, to be "
        "checked against the template as it is now",
    ),
    # The editor sends a whole template: made from a view another program changed since,
    # it would write that change away.
    "template_changed_elsewhere": (
        "模板在您修改期间已被别处（另一个窗口、命令行或交换包）改过，您的修改没有保存，以免覆盖"
        "那边的修改。编辑器已显示现在的模板，请看过后再改",
        "the template was changed elsewhere (another window, the command line or an exchange "
        "package) while you were editing it; your change was not saved, so as not to "
        "overwrite that one. The editor now shows the template as it is: look, then make your "
        "change again",
    ),
    "undo_template_changed_elsewhere": (
        "无法撤销：模板在这一步之后又被别处（另一个窗口、命令行或交换包）改过，撤销会把那边的修改"
        "也一并改掉，所以没有做任何修改。需要时请在模板编辑器中看过现在的模板后手工改回",
        "cannot undo: the template was changed elsewhere (another window, the command line or "
        "an exchange package) after this step, and undoing it would take that change away "
        "too; nothing was changed. If need be, look at the template as it is now in the "
        "template editor and change it back by hand",
    ),
    "redo_template_changed_elsewhere": (
        "无法重做：模板在撤销之后又被别处（另一个窗口、命令行或交换包）改过，重做会把那边的修改"
        "也一并改掉，所以没有做任何修改。需要时请在模板编辑器中手工修改",
        "cannot redo: the template was changed elsewhere (another window, the command line or "
        "an exchange package) after the undo, and redoing it would take that change away "
        "too; nothing was changed. If need be, make the change by hand in the template editor",
    ),
    "template_plan_stale": (
        "检查模板后，数据库已被别处修改（另一个窗口或命令行导入了记录或修改了模板），模板未做"
        "任何修改。请重新导入（或重新修改）模板，按数据库现在的内容检查",
        "the database was changed elsewhere after the template was checked (another window "
        "or the command line imported records or changed the template); the template was not "
        "changed. Import (or make) the change again, to be checked against the file as it is now",
    ),
    "activity_missing": ("记录不存在：{activity_id}", "no such record: {activity_id}"),
    "bad_field_arg": (
        "指标应写成“名称=数值”，而不是“{arg}”",
        "a field must be given as NAME=VALUE, not '{arg}'",
    ),
    # indicators and targets
    "unknown_indicator": ("没有名为“{name}”的统计指标", "there is no indicator named '{name}'"),
    "indicator_period_kind": (
        "统计指标按月或按季度填报，不能按“{period}”填报",
        "indicators are reported per month or per quarter, not for '{period}'",
    ),
    "indicator_kind_mixed": (
        "{year}年这个指标已经{other}填报，不能再{kind}填报（同一年只能按一种方式）；"
        "要改用{kind}，请先清空{other}填的数",
        "this indicator already has {year} values reported the other way; one year is "
        "reported per month or per quarter, not both: clear those values first",
    ),
    "indicator_set": (
        "已填报 {name} {period}：{value}",
        "set {name} for {period}: {value}",
    ),
    "indicator_cleared": (
        "已清空 {name} {period}（未填报）",
        "cleared {name} for {period} (not reported)",
    ),
    "target_not_positive": (
        "“{label}”的年度目标应大于 0",
        "the annual target of '{label}' must be more than 0",
    ),
    "target_set": (
        "已设定 {year}年 {row} 的年度目标：{value}",
        "set the {year} target of {row}: {value}",
    ),
    "target_cleared": (
        "已取消 {year}年 {row} 的年度目标",
        "cleared the {year} target of {row}",
    ),
    "ambiguous_target_row": (
        "活动类型“{type_name}”的汇总里有几行都是“{indicator}”：{rows}。请写全是哪一行",
        "several rows of '{type_name}' in the summary are '{indicator}': {rows}. Name one of "
        "them in full",
    ),
    "unknown_target_row": (
        "活动类型“{type_name}”的汇总里没有“{indicator}”这一行（可用：{rows}）",
        "the 汇总 of '{type_name}' has no row '{indicator}' (there are: {rows})",
    ),
    "target_needs_one_row": (
        "请用 --type 和 --indicator 指定一行，或用 --indicator-name 指定一个统计指标",
        "name one row: --type with --indicator, or --indicator-name for an indicator",
    ),
    # periods
    "bad_period": (
        "无法识别的期间“{text}”（应为 2026、2026H1、2026Q1、2026-03 或 2026-01-15..2026-06-30）",
        "unknown period '{text}' (use 2026, 2026H1, 2026Q1, 2026-03 or 2026-01-15..2026-06-30)",
    ),
    "period_out_of_range": (
        "期间“{text}”超出可用范围（{first} 至 {last} 年）",
        "the period '{text}' is out of range (years {first} to {last})",
    ),
    "period_range_backwards": (
        "期间“{text}”的结束日期早于开始日期",
        "the period '{text}' ends before it starts",
    ),
    # export
    "export_locked": (
        "无法写入“{path}”：文件可能正在 Excel/WPS 中打开，请关闭后重试，或另存为其他文件名",
        "cannot write '{path}': it may be open in Excel/WPS; close it and retry, or save "
        "under another name",
    ),
    "export_no_permission": (
        "没有权限写入“{path}”，请换一个文件夹",
        "no permission to write '{path}'; choose another folder",
    ),
    "export_read_only": (
        "“{path}”所在的位置是只读的（例如U盘开了写保护），无法写入：请关掉U盘的写保护，"
        "或换一个文件夹",
        "'{path}' is on a read-only place (a write-protected USB stick?) and cannot be "
        "written: turn the stick's write protection off, or choose another folder",
    ),
    "export_disk_full": (
        "磁盘空间不足，无法写入“{path}”；原有文件未改动",
        "the disk is full, cannot write '{path}'; any existing file is unchanged",
    ),
    "export_failed": ("导出失败：{reason}", "export failed: {reason}"),
    "export_text_cut": (
        "提醒：“{sheet}”第 {row} 条的“{column}”超过 Excel 单元格上限 {limit} 个字符，"
        "表格中只保留前 {limit} 个；数据库中保存的是完整内容",
        "note: '{column}' of record {row} in '{sheet}' is longer than Excel's "
        "{limit|character|characters}; the cell holds the first {limit}, the database keeps it "
        "whole",
    ),
    "export_text_cleaned": (
        "提醒：“{sheet}”第 {row} 条的“{column}”含有 Excel 不能保存的残缺字符（孤立的代理字符），"
        "表格中已去掉；数据库中保存的是原文",
        "note: '{column}' of record {row} in '{sheet}' holds broken characters (lone "
        "surrogates) Excel cannot store; they were left out of the cell, the database keeps "
        "the original",
    ),
    "export_done": (
        "已导出 {period_name} 台账到“{path}”（{records} 条记录）",
        "exported the ledger of {period_name} to '{path}' ({records|record|records})",
    ),
    "output_is_database": (
        "“{path}”是数据库文件（或它的 -wal/-shm 文件、备份），不能用导出或备份覆盖它；"
        "请另选文件名，什么也没有写入",
        "'{path}' is a database (or its -wal/-shm file, or a backup) and is never overwritten "
        "by an export or a backup; choose another name. Nothing was written",
    ),
    "input_is_folder": (
        "“{path}”是一个文件夹，请选择其中的文件",
        "'{path}' is a folder; choose a file in it",
    ),
    "package_record_too_long": (
        "记录“{title}”（{date}）连同它的修改历史太长（{size} MB），无法放入交换包，未导出。"
        "请缩短它的备注等长文字后再导出",
        "the record '{title}' ({date}) with its history is too long ({size} MB) to travel in "
        "a package; nothing was exported. Shorten its notes or other long text first",
    ),
    "attachment_named": ("记录“{title}”（{date}）的“{name}”", "'{name}' of '{title}' ({date})"),
    "package_files_left_out": (
        "注意：{count} 个佐证材料的文件在本机已找不到，未放入交换包：{details}。请重新添加这些文件",
        "note: {count|attachment was|attachments were} left out of the package, the file no longer "
        "on this computer: {details}. Attach the file again",
    ),
    "package_new_in_bin": (
        "新增的记录中有 {count} 条对方已经删除：导入后在回收站里",
        "{count|of the new records was|of the new records were} deleted by the sender: to the "
        "recycle bin here too",
    ),
    "package_fields_restored": (
        "注意：交换包中的记录用到了本库已从模板删除的{fields}，导入时会把它们恢复为"
        "“停用”（不再用于新录入，已有的记录和数字照常计入台账）",
        "note: the package's records use items deleted from this template: {fields}; the "
        "import brings them back archived (not offered for new entry, their records and "
        "figures counted as usual)",
    ),
    "package_files_absent": (
        "注意：{count} 个佐证材料到达时没有文件（对方那里已找不到）：{details}。"
        "请对方重新添加后再发",
        "note: {count|attachment arrives|attachments arrive} without the file (the sender no "
        "longer has it): {details}. Ask the sender to attach the file again",
    ),
    "package_empty": (
        "交换包“{path}”是空的（0 字节）：可能没有复制完。请重新复制，或请对方重新导出",
        "the package '{path}' is empty (0 bytes): it may not have been copied whole. Copy it "
        "again, or ask for it again",
    ),
    "sender_unnamed": ("未填写填报单位", "no 填报单位 set"),
    "output_is_folder": (
        "“{path}”是一个文件夹，请写上文件名",
        "'{path}' is a folder; give a file name",
    ),
    "export_folder_missing": (
        "文件夹“{path}”不存在",
        "the folder '{path}' does not exist",
    ),
    # import
    "import_xlsx_forbidden_xml": (
        "工作簿里有为安全起见不读取的内容（外部实体或实体定义，常见于脚本或恶意文件），未导入；"
        "请在 Excel/WPS 中打开后另存为 .xlsx 再导入",
        "the workbook holds what is never read, for safety (an external entity or an entity "
        "definition); open it in Excel/WPS and save it as .xlsx, then import again",
    ),
    "import_xlsx_broken": (
        "工作簿的内容已损坏（其中的 XML 无效）；请在 Excel/WPS 中打开，"
        "能打开的话另存为 .xlsx 再导入",
        "the workbook is damaged (its XML is not valid); open it in Excel/WPS and, if it opens, "
        "save it as .xlsx, then import again",
    ),
    "import_unreadable": (
        "无法读取文件“{path}”：{reason}",
        "cannot read '{path}': {reason}",
    ),
    "import_bad_format": (
        "不支持的文件格式“{suffix}”，可导入的是 {known}（Excel/WPS 的表格或文本文件）",
        "unsupported file format '{suffix}'; the formats that import are {known}",
    ),
    "import_is_package": (
        "“{path}”是交换包，不是表格：请用“文件 → 导入交换包”导入它",
        "'{path}' is an exchange package, not a table: import it with File → Import "
        "exchange package",
    ),
    "import_encoding": (
        "无法识别文件“{path}”的编码（支持 UTF-8、GBK/GB18030 和 Excel 的“Unicode 文本”）",
        "cannot tell the encoding of '{path}' (UTF-8, GBK/GB18030 and Excel's Unicode text "
        "are read)",
    ),
    "import_empty": ("文件“{path}”中没有数据", "'{path}' holds no data"),
    "import_missing_columns": (
        "缺少必需的列：{columns}",
        "required columns are missing: {columns}",
    ),
    "import_duplicate_column": (
        "列“{column}”出现了不止一次",
        "the column '{column}' appears more than once",
    ),
    "import_unknown_column": (
        "无法识别的列“{column}”",
        "unknown column '{column}'",
    ),
    "import_unknown_columns": (
        "无法识别的列{zh}。请改成程序认识的列名，或删除该列，或把它的内容并入“备注”后再导入",
        "{count|unknown column|unknown columns}: {en}. Rename each to a column this program knows, "
        "or delete it, or move its content into 备注 (notes), then import again",
    ),
    "import_field_not_in_type": (
        "活动类型“{type_name}”没有指标“{label}”",
        "the activity type '{type_name}' has no field '{label}'",
    ),
    "import_row_error": (
        "第 {row} 行“{column}”列：{reason}",
        "row {row}, column '{column}': {reason}",
    ),
    "import_rejected": (
        "导入未执行：{count} 行有误，未写入任何数据",
        "import not done: {count|row has errors|rows have errors}, nothing was written",
    ),
    "import_ok": (
        "已导入 {count} 条记录",
        "imported {count|record|records}",
    ),
    "import_skipped_repeats": (
        "已跳过 {repeats} 条重复记录（数据库中已有相同编号，或类型、日期、活动名称、地点和指标"
        "都相同的记录；确需重复导入时加 --allow-duplicates）",
        "skipped {repeats|repeated record|repeated records} (already in the database: the same "
        "编号, or the same type, date, title, place and figures; add --allow-duplicates to import "
        "them anyway)",
    ),
    "import_repeats_in_file": (
        "其中 {count} 条与文件中前面的行相同"
        "（编号相同，或类型、日期、活动名称、地点和指标都相同，例如工作表复制了一份）",
        "{count|of them repeats|of them repeat} an earlier row of the file (the same 编号, or the "
        "same type, date, title, place and figures, e.g. a copied sheet)",
    ),
    "import_changed_by_id": (
        "有 {count} 行的编号是库中已有的记录，但内容与库中不同：{records}。导入不修改已有记录；"
        "要改正，请在程序中直接修改这些记录",
        "{count|row carries|rows carry} the 编号 of a record already here, but not its content: "
        "{records}. An import never changes a record; correct them in the program instead",
    ),
    "import_dry_run_repeats": (
        "其中 {repeats} 条已在数据库中，导入时将跳过",
        "{repeats|of them is|of them are} already in the database and will be skipped",
    ),
    "import_own_ledger_sheet": (
        "“{path}”的工作表“{sheet}”是本程序导出的台账（复制到别的工作簿里也一样），不能导入："
        "台账把级别等信息并进了备注，导入后记录会变样，还会重复。同事之间合并记录请用"
        "“文件 → 导出交换包 / 导入交换包”",
        "sheet '{sheet}' of '{path}' is a ledger this program exported (copied into another "
        "workbook) and cannot be imported: it folds fields such as 级别 into 备注, so the "
        "records would come back changed, and twice. To bring a colleague's records over, "
        "use File → Export / Import exchange package",
    ),
    "import_own_ledger": (
        "“{path}”是本程序导出的台账，不能再导入：台账把级别等信息并进了备注，导入后记录会变样，"
        "还会重复。同事之间合并记录请用“文件 → 导出交换包 / 导入交换包”",
        "'{path}' is a ledger this program exported and cannot be imported: it folds fields "
        "such as 级别 into 备注, so the records would come back changed, and twice. To bring "
        "a colleague's records over, use File → Export / Import exchange package",
    ),
    "import_in_sheet": ("工作表“{sheet}”{line}", "sheet '{sheet}', {line}"),
    "import_sheet_refused": ("工作表“{sheet}”：{zh}", "sheet '{sheet}': {en}"),
    "import_sheets_read": (
        "读取了 {count} 个工作表：{sheets}",
        "{count|sheet|sheets} read: {sheets}",
    ),
    "import_sheet_count": ("“{sheet}” {records} 行", "'{sheet}' {records|row|rows}"),
    "import_sheet_without_header": (
        "工作表“{sheet}”没有表头（日期、活动类型、活动名称），未读取",
        "sheet '{sheet}' has no header (日期, 活动类型, 活动名称) and was not read",
    ),
    "import_only_hidden": (
        "“{path}”的记录都在隐藏的工作表“{sheet}”中，未导入：请先在 Excel/WPS 中取消隐藏",
        "the records of '{path}' are all on the hidden sheet '{sheet}' and were not imported: "
        "unhide it in Excel/WPS first",
    ),
    "import_sheet_hidden": (
        "隐藏的工作表“{sheet}”未读取（要导入，请先在 Excel/WPS 中取消隐藏）",
        "the hidden sheet '{sheet}' was not read (unhide it in Excel/WPS to import it)",
    ),
    "import_rows_above_headers": (
        "{sheets} 个工作表的表头上方共有 {count} 行（标题、填报单位等），不是记录，不导入",
        "{sheets|sheet has|sheets have} {count|row|rows} above the header (a title, the unit…): no "
        "records, not imported",
    ),
    "import_hidden_row": (
        "第 {row} 行为隐藏行（或被筛选隐藏），已一并导入",
        "row {row} is hidden (or filtered out) and was imported with the others",
    ),
    "import_hidden_rows_all": (
        "第 {rows} 行为隐藏行（或被筛选隐藏），已一并导入",
        "rows {rows} are hidden (or filtered out) and were imported with the others",
    ),
    "import_hidden_rows": (
        "第 {rows} 等 {count} 行为隐藏行（或被筛选隐藏），已一并导入",
        "rows {rows} and others, {count} in all, are hidden (or filtered out) and were "
        "imported with the others",
    ),
    "import_foreign_ids": (
        "“编号”列不是本程序的记录编号（如“{example}”，共 {count} 行），未导入；"
        "如需保留请并入“备注”",
        "the 编号 column holds no record ids of this program (e.g. '{example}', {count|row|rows}) "
        "and was not imported; to keep it, move it into 备注 (notes)",
    ),
    "import_rows_above_header": (
        "表头在第 {row} 行，其上的 {count} 行（标题、填报单位等）不是记录，不导入",
        "the header is row {row}; {count|row above it holds|rows above it hold} no records (a "
        "title, the unit…): not imported",
    ),
    "import_dry_run_ok": (
        "检查通过：文件中有 {count} 条记录，将导入 {new} 条（试运行，未写入）",
        "check passed: the file holds {count|record|records}, {new} of which would be imported "
        "(dry run, nothing written)",
    ),
    "import_is_folder": (
        "“{path}”是一个文件夹，不是文件：请选择文件夹中的 .xlsx 或 .csv 文件",
        "'{path}' is a folder, not a file: choose an .xlsx or .csv file in it",
    ),
    "import_lock_file": (
        "“{path}”是 Excel/WPS（或 LibreOffice）在打开工作簿时放在它旁边的锁定文件，不含数据："
        "请改选同一文件夹中名称不以“~$”（或“.~lock.”）开头的那个工作簿",
        "'{path}' is the lock file Excel/WPS (or LibreOffice) leave beside an open workbook, "
        "with no data in it: choose the workbook itself in the same folder (its name does "
        "not begin with '~$' or '.~lock.')",
    ),
    "import_not_xlsx": (
        "文件“{path}”不是有效的 .xlsx 工作簿（可能已损坏，或是别的文件改了扩展名）",
        "'{path}' is not a valid .xlsx workbook (damaged, or another kind of file renamed)",
    ),
    "import_locked": (
        "无法读取“{path}”：文件可能正在 Excel/WPS 中打开，或没有权限，请关闭后重试",
        "cannot read '{path}': it may be open in Excel/WPS, or not readable; close it and retry",
    ),
    "import_old_xls": (
        "“{path}”是旧版 Excel（.xls）或设了密码的工作簿，"
        "请在 Excel/WPS 中另存为 .xlsx 或 CSV 后再导入",
        "'{path}' is an old Excel (.xls) or password-protected workbook; save it as .xlsx "
        "or CSV in Excel/WPS, then import that",
    ),
    "import_not_csv": (
        "文件“{path}”不是文本格式的 CSV 文件（可能是别的文件改了扩展名）",
        "'{path}' is not a text CSV file (perhaps another kind of file renamed)",
    ),
    "import_csv_malformed": (
        "文件“{path}”第 {row} 行格式有误，无法读取：{reason}",
        "'{path}' cannot be read at row {row}: {reason}",
    ),
    "import_empty_sheet": (
        "工作簿“{path}”的第一个工作表“{sheet}”中没有数据",
        "the first sheet '{sheet}' of '{path}' holds no data",
    ),
    "import_missing_columns_found": (
        "缺少必需的列：{columns}（第 {row} 行被当作表头，其内容为：{found}）",
        "required columns are missing: {columns} (row {row} was taken as the header: {found})",
    ),
    "import_unit_mismatch": (
        "列“{column}”的单位“{unit}”与模板不符：“{label}”的单位是 {units}",
        "the column '{column}' is in '{unit}', but the template counts '{label}' in {units}",
    ),
    "import_unit_mismatch_row": (
        "此列以“{unit}”计，但活动类型“{type_name}”的“{label}”以“{expected}”计",
        "this column is in '{unit}', but '{label}' of '{type_name}' is in '{expected}'",
    ),
    "import_unknown_type_hint": (
        "没有名为“{name}”的活动类型，是否应为“{suggestion}”？",
        "there is no activity type named '{name}'; did you mean '{suggestion}'?",
    ),
    "import_unnamed_column_value": (
        "第 {index} 列没有列名，但此行在该列填了“{value}”",
        "column {index} has no header, but this row has '{value}' in it",
    ),
    "import_csv_bad_quotes": (
        "这一行的引号位置不对（引号只能包住整个单元格，单元格内的引号要写成两个）：{line}",
        "the quotes of this row are misplaced (a quote encloses a whole cell; a quote inside "
        "one is written twice): {line}",
    ),
    "import_csv_unclosed_quote": (
        "这一行有一个没有配对的引号，后面的行因此没有并入这一行：{line}",
        "this row has a quote that is never closed (the rows after it were not merged into "
        "it): {line}",
    ),
    "import_csv_rows_in_a_cell": (
        "这一行有一个单元格里有换行，换行后的“{line}”像是另一行记录：多半是引号没有配对，把后面几行"
        "包进了这一格，这些行都没有导入。请检查这一行和后面几行的引号后再导入",
        "a cell of this row holds a line break followed by '{line}', which reads as a record "
        "of its own: most likely an unpaired quote took the rows after it into this cell, and "
        "none of them was imported. Check the quotes of this row and the next ones, then "
        "import again",
    ),
    "import_xlsx_cell_too_long": (
        "单元格 {cell} 超过 {limit} 个字符",
        "cell {cell} is longer than {limit|character|characters}",
    ),
    "import_xlsx_text_too_long": (
        "文件“{path}”中有一个单元格远超过 {limit} 个字符，这不像是活动记录表，未导入",
        "'{path}' holds a cell far longer than {limit|character|characters}: not a table "
        "of activities, nothing was imported",
    ),
    "import_too_many_strings": (
        "文件“{path}”中不同的文字超过 {limit} 个，这不像是活动记录表，未导入；请分成几个文件",
        "'{path}' holds more than {limit|different text|different texts}: not a table of "
        "activities, nothing was imported; split it into several files",
    ),
    "import_cell_too_long": (
        "有一个单元格超过 {limit} 个字符",
        "a cell is longer than {limit|character|characters}",
    ),
    "import_merged_figure": (
        "“{label}”的 {cell} 是跨几行的合并单元格：一个数字不能同时算给几条记录，"
        "请取消合并，把数字填在其中一行",
        "'{label}' in {cell} is one cell merged over several rows: one figure cannot count "
        "for each record; unmerge it and put the figure on one row",
    ),
    "import_formula_error": (
        "单元格 {cell} 的公式出错（{error}），请在 Excel/WPS 中改正后再导入",
        "the formula in cell {cell} gives an error ({error}); correct it in Excel/WPS, then "
        "import again",
    ),
    "import_formula_no_value": (
        "公式没有计算结果，请在 Excel/WPS 中打开并保存后再导入（单元格 {cell}）",
        "the formula has no computed value; open and save the file in Excel/WPS, then import "
        "again (cell {cell})",
    ),
    "import_too_many_rows": (
        "文件“{path}”超过 {limit} 行，未导入；请分成几个文件",
        "'{path}' has more than {limit|row|rows} and was not imported; split it into several files",
    ),
    "import_too_big": (
        "文件“{path}”太大（超过 {limit}），未导入；请分成几个文件",
        "'{path}' is too big (over {limit}) and was not imported; split it into several files",
    ),
    "import_too_many_columns": (
        "表头有 {count} 列，超过 {limit} 列，这不像是活动记录表",
        "the header has {count|column|columns}, more than {limit}: not a table of activities",
    ),
    "import_more_problems": (
        "以上是前 {shown} 个问题，另有 {more} 个问题未列出",
        "these are the first {shown|problem|problems}; {more|more is|more are} not listed",
    ),
    "import_row_problem": ("第 {row} 行：{reason}", "row {row}: {reason}"),
    # A row's problem already written in both languages; shown as the user's language asks.
    "import_row_error_line": ("{zh}", "{en}"),
    # attachments (core/attachments.py)
    "attachment_too_big": (
        "文件太大（{size}），每个佐证材料不能超过 {limit}；请压缩或拆分后再添加",
        "the file is too big ({size}); each attachment may be at most {limit}",
    ),
    "attachment_too_big_named": (
        "“{name}”太大（{size}），每个佐证材料不能超过 {limit}；"
        "请压缩或拆分后再添加，未添加任何文件",
        "'{name}' is too big ({size}); each attachment may be at most {limit}; nothing was added",
    ),
    "attachment_store_failed": (
        "无法保存佐证材料：{reason}",
        "cannot store the attachment: {reason}",
    ),
    "attachment_missing": (
        "这条记录没有该佐证材料：{sha256}",
        "the record has no such attachment: {sha256}",
    ),
    "attachment_file_missing": (
        "佐证材料“{name}”的文件不见了（应在“{path}”）；请从备份恢复",
        "the file of the attachment '{name}' is missing (expected at '{path}'); restore a backup",
    ),
    "check_date_out_of_range": (
        "记录“{title}”的日期 {date} 不在 {first}–{last} 年之间（旧版本存入的），"
        "请在列表中打开这条记录改正日期",
        "the record '{title}' is dated {date}, outside {first}–{last} (stored by an older "
        "version): open it in the list and correct its date",
    ),
    "check_date_out_of_range_deleted": (
        "回收站中的记录“{title}”的日期 {date} 不在 {first}–{last} 年之间（旧版本存入的），"
        "请还原后改正日期",
        "the record '{title}' in the recycle bin is dated {date}, outside {first}–{last} "
        "(stored by an older version): restore it and correct its date",
    ),
    "attachment_check_missing": (
        "佐证材料“{name}”（{date} “{title}”）的文件缺失，应在“{path}”",
        "the evidence file '{name}' ({date} '{title}') is missing; expected at '{path}'",
    ),
    "attachment_check_altered": (
        "佐证材料“{name}”（{date} “{title}”）的文件已被改动：“{path}”的内容与记录不符",
        "the evidence file '{name}' ({date} '{title}') was altered: '{path}' no longer matches",
    ),
    "attached": (
        "已添加佐证材料“{name}”（{size} 字节，SHA-256 {sha256}）",
        "attached '{name}' ({size|byte|bytes}, SHA-256 {sha256})",
    ),
    "no_attachments": ("这条记录没有佐证材料", "the record has no attachments"),
    # edit, delete, history (command line)
    "edited": ("记录已修改：{activity_id}", "edited record {activity_id}"),
    "edit_nothing": (
        "没有要修改的内容：请给出 --title、--date、--field 等选项",
        "nothing to change: give --title, --date, --field or another option",
    ),
    "deleted": (
        "已把记录 {activity_id} 移到回收站",
        "moved record {activity_id} to the recycle bin",
    ),
    "already_deleted": (
        "记录 {activity_id} 已在回收站中",
        "record {activity_id} is already in the recycle bin",
    ),
    # exchange packages (core/exchange.py)
    "package_not_ours": (
        "“{path}”不是台账交换包，未做任何修改",
        "'{path}' is not a Taizhang exchange package; nothing was changed",
    ),
    "package_damaged": (
        # The reason is a technical one (a zip's or a member's): in the English half only.
        "交换包已损坏或不完整，未导入任何数据；请让对方重新导出",
        "the exchange package is damaged or incomplete ({reason}); nothing was imported; ask "
        "for it again",
    ),
    "package_too_new": (
        "交换包由更新版本的台账程序导出（格式版本 {found}，本程序支持到 {supported}），"
        "请升级程序后再导入；未做任何修改",
        "the package was made by a newer Taizhang (format {found}, this program reads up to "
        "{supported}); upgrade the program; nothing was changed",
    ),
    "package_from_self": (
        "这个交换包是本数据库自己导出的，其中的一切本库都已有，无需导入",
        "this package was exported from this very database and holds nothing it lacks; "
        "there is nothing to import",
    ),
    "package_from_copy": (
        "这个交换包来自本数据库的一个副本（一个复制出去的台账文件，它和本库用着同一个数据库编号），"
        "未导入任何数据：导入它，会把那边对填报单位的改动当成本库自己的。请在那个副本上用本程序"
        "新版本打开一次（它会换上自己的编号），再重新导出交换包",
        "this package comes from a copy of this database (a file copied from this one, which "
        "still has this database's id); nothing was imported: that copy's changes of the "
        "reporting unit would be taken for this database's own. Open the copy once with "
        "this version (it then takes an id of its own) and export the package again",
    ),
    "package_template_mismatch": (
        "交换包使用的模板与本数据库不一致，未导入任何数据：{details}。请先按县里下发的模板统一后再导入",
        "the package's template differs from this database's, nothing was imported: {details}. "
        "Bring the templates level first",
    ),
    "package_values_unfit": (
        "交换包中有 {count} 个指标值不合本数据库模板的指标类型，未导入任何数据，例如：{details}。"
        "对方的模板改过这些指标的类型：请先统一模板（设置 → 导出模板/导入模板）后再导入",
        "{count|figure of the package does|figures of the package do} not fit the kind of this "
        "database's fields, nothing was imported, for example: {details}. The sender's template "
        "changed those fields' kind: bring the templates level first (Settings → Export/Import "
        "template)",
    ),
    "package_dates_out_of_range": (
        "交换包中有 {count} 条记录的日期不能存入本数据库（日期须在 {first}–{last} 年之间，"
        "结束日期不能早于开始日期），未导入任何数据：{details}。"
        "请对方在台账中改正这些记录的日期后重新导出交换包",
        "{count|record of the package has a date|records of the package have dates} this "
        "database cannot hold (dates lie in {first}–{last}, an end no earlier than its start), "
        "nothing was imported: {details}. Ask the sender to correct those dates and export "
        "the package again",
    ),
    "package_date_out_of_range": (
        "记录“{title}”的日期为 {date}",
        "the record '{title}' is dated {date}",
    ),
    "package_end_before_start": (
        "记录“{title}”的结束日期 {end} 早于开始日期 {date}",
        "the record '{title}' ends on {end}, before its start on {date}",
    ),
    "package_value_unfit": (
        "记录“{title}”（{date}）的“{label}”为“{value}”，本库的“{label}”是{kind}",
        "'{label}' of the record '{title}' ({date}) is '{value}', here '{label}' is {kind}",
    ),
    "package_missing_type": (
        "活动类型“{name}”（{section}）本库没有",
        "the activity type '{name}' ({section}) is not here",
    ),
    "package_type_made_apart": (
        "活动类型“{name}”（{section}）本库虽有同名的，却是另外新建的（编号不同），不是同一个类型："
        "应由县里建好这个类型，把模板发给各乡镇导入，乡镇再把记录改用它",
        "the activity type '{name}' ({section}) has a namesake here, made apart from it "
        "(another 编号), so not the same type: the county should make it and hand its "
        "template to the townships, which then move their records to it",
    ),
    "package_missing_field": (
        "活动类型“{type_name}”的指标“{label}”本库没有",
        "the field '{label}' of '{type_name}' is not here",
    ),
    "package_exported": (
        "已导出交换包“{path}”：{records} 条记录，{files} 个佐证材料文件",
        "exported the package '{path}': {records|record|records}, "
        "{files|attachment file|attachment files}",
    ),
    "package_exported_not_remembered": (
        "已导出交换包到“{path}”。数据库在只读的地方（如写保护的 U 盘），没有记下这次发送："
        "下一个“自上次交换包以来的改动”仍从上一次记下的算起",
        "exported the package to '{path}'. The database is in a read-only place (a "
        "write-protected USB stick), so this package was not remembered as sent: the next "
        "package of changes starts from the last one remembered",
    ),
    "package_exported_in_bin": (
        "其中 {count} 条在回收站：对方导入后也会删除它们",
        "{count|of them is|of them are} in the recycle bin: deleted on the other side too",
    ),
    "package_preview": (
        "来自“{unit}”（{staff}）的交换包：新增 {new} 条，更新 {updated} 条，删除 {deleted} 条，"
        "冲突 {conflicts} 条，未变 {unchanged} 条；佐证材料 {files} 个，佐证材料变动 {changes} 处，"
        "新修改历史 {history} 条",
        "package from '{unit}' ({staff}): {new} new, {updated} updated, {deleted} deleted, "
        "{conflicts|conflict|conflicts}, {unchanged} unchanged; "
        "{files|attachment file|attachment files}, {changes|attachment change|attachment changes}, "
        "{history|new history entry|new history entries}",
    ),
    "package_conflict_line": (
        "冲突：{title}（{date}）本库 {ours_at} 与对方 {theirs_at} 都改过，"
        "保留{kept}，另一方记入历史",
        "conflict: {title} ({date}) changed here at {ours_at} and there at {theirs_at}; keeping "
        "{kept_en}, the other side is kept in the history",
    ),
    "package_dry_run": ("试运行，未写入任何数据", "dry run, nothing was written"),
    "package_imported": ("交换包已导入", "the package was imported"),
    "since_bad": (
        "无法识别的日期“{text}”（例如 2026-03-05）",
        "unknown date '{text}' (e.g. 2026-03-05)",
    ),
    "ledger_exported_unchanged": (
        "本期已于 {when} 导出过（{file}，共 {records} 条）；此后本期记录没有变化{also}",
        "this period was exported on {when} ({file}, {records|record|records}); none of its "
        "records has changed since{also}",
    ),
    "ledger_exported_changed": (
        "本期已于 {when} 导出过（{file}，共 {records} 条）；此后本期有 {count} 条记录被新增、"
        "修改或删除：{titles}{also}，本期台账已与那次导出的不同",
        "this period was exported on {when} ({file}, {records|record|records}); since then "
        "{count|of its records was|of its records were} added, changed or deleted: {titles}{also}; "
        "its ledger differs from the one exported then",
    ),
    # {what}: 模板、统计指标、年度目标 (those changed since the export), within the two above
    "ledger_others_changed_only": (
        "，但此后{what}有修改，本期台账已与那次导出的不同",
        ", but {what} changed since: its ledger differs from the one exported then",
    ),
    "ledger_others_changed_too": ("；{what}也有修改", "; {what} changed too"),
    "ledger_changed": (
        "导出期间有记录被修改或删除，台账未写出，请重新导出",
        "records were changed or deleted during the export; nothing was written, export again",
    ),
    # the ledger over sources
    "unit_not_found": (
        "期间内没有来自“{unit}”的记录（有记录的单位：{units}）",
        "no records from '{unit}' in the period (units with records: {units})",
    ),
    "evidence_done": (
        "已写入佐证材料包“{path}”（{files} 个文件）",
        "wrote the evidence archive '{path}' ({files|file|files})",
    ),
    # command line
    "added": ("已添加记录 {activity_id}", "added record {activity_id}"),
    "cli_interrupted": ("已取消", "cancelled"),
    "internal_error": (
        "程序内部错误，操作未完成：{reason}（请把这行文字告诉技术人员）",
        "internal error, nothing was done: {reason} (please report this line)",
    ),
    "file_missing": ("文件“{path}”不存在", "the file '{path}' does not exist"),
    "no_gui": (
        "无法启动图形界面：{reason}",
        "cannot start the window: {reason}",
    ),
    # issue 9 re-checked (cli)
    "cli_option_bad_characters": (
        "选项“{option}”中有无法识别的字符（可能是终端的编码不对），未做任何操作",
        "the option '{option}' holds characters that cannot be read (the terminal's "
        "encoding?); nothing was done",
    ),
    "cli_cancelled_nothing_written": ("已取消，未写入任何数据", "cancelled; nothing was written"),
    # the self-test (core/selftest.py): its checks, what each found, its end
    "selftest_heading": ("台账自检 {version}（{build}）", "Taizhang self-test {version} ({build})"),
    "selftest_build_bundle": ("打包程序", "bundle"),
    "selftest_build_source": ("源代码", "source"),
    "selftest_folder": ("临时文件夹：{folder}", "temporary folder: {folder}"),
    "selftest_mark_ok": ("通过", "OK"),
    "selftest_mark_fail": ("失败", "FAIL"),
    "selftest_failed_at": (
        "自检失败：第 {number} 项（共 {total} 项）未通过，其后各项未检查",
        "self-test FAILED at check {number} of {total}; the checks after it were not run",
    ),
    "selftest_passed": (
        "自检通过：{count} 项检查全部正确",
        "self-test passed: {count|check|checks}, every one right",
    ),
    "selftest_check_files": ("程序文件齐全", "the program's files are present"),
    "selftest_check_create": ("建立数据库", "create a database"),
    "selftest_check_template": ("读取模板", "load the template"),
    "selftest_check_add": ("每种活动类型各添加一条记录", "add a record of every activity type"),
    "selftest_check_ledger": ("计算台账", "compute the ledger"),
    "selftest_check_export": ("导出台账并读回", "export the ledger and read it back"),
    "selftest_check_backup": (
        "备份数据库并打开备份",
        "back up the database and open the backup",
    ),
    "selftest_check_integrity": ("数据库完整性检查", "database integrity check"),
    "selftest_check_pinyin": ("按拼音排序", "sort in pinyin order"),
    "selftest_no_template": ("缺少模板文件 {path}", "the template {path} is missing"),
    "selftest_no_translation": ("缺少界面翻译 {path}", "the translation {path} is missing"),
    "selftest_no_qt_translation": (
        "缺少 Qt 的中文翻译 {name}",
        "Qt's translation {name} is missing",
    ),
    "selftest_files_ok": (
        "模板 {sections} 个板块、{types} 种活动类型，界面翻译和 Qt 翻译都在",
        "template with {sections|section|sections} and {types|activity type|activity types}, "
        "both translations present",
    ),
    "selftest_created": (
        "{name}，结构版本 {version}，日志模式 {mode}",
        "{name}, schema version {version}, journal mode {mode}",
    ),
    "selftest_template_empty": ("模板里没有活动类型", "the template has no activity types"),
    "selftest_template_ok": (
        "{sections} 个板块、{types} 种活动类型、{fields} 个指标",
        "{sections|section|sections}, {types|activity type|activity types}, {fields|field|fields}",
    ),
    "selftest_reads_back_wrong": ("记录“{title}”读回不一致", "'{title}' reads back wrong"),
    "selftest_field_reads_back_wrong": (
        "记录“{title}”的指标 {field} 读回为 {found}",
        "field {field} of '{title}' reads back as {found}",
    ),
    "selftest_defaults_wrong": (
        "主办单位、经办人未按默认填写",
        "organizer and handler defaults wrong",
    ),
    "selftest_record_count_wrong": (
        "应有 {expected} 条记录，实有 {count} 条",
        "expected {expected|record|records}, found {count}",
    ),
    "selftest_records_added": (
        "{count} 条记录，每种活动类型一条",
        "{count|record|records}, one of every activity type",
    ),
    "selftest_pinyin_wrong": ("拼音排序不正确：安、北、中", "pinyin order is wrong: 安, 北, 中"),
    "selftest_not_in_pinyin_order": (
        "记录没有按拼音排序",
        "records are not sorted in pinyin order",
    ),
    "selftest_pinyin_ok": (
        "{count} 条记录按活动名称的拼音排序",
        "{count|record|records} in pinyin order",
    ),
    "selftest_ledger_count_wrong": (
        "台账有 {count} 条记录，应为 {expected} 条",
        "the ledger has {count|record|records}, expected {expected}",
    ),
    "selftest_figure_wrong": (
        "{type} {indicator}：本期 {current}，应为 {want}",
        "{type} {indicator}: {current}, expected {want}",
    ),
    "selftest_ledger_ok": (
        "{period}，{count} 项汇总数字正确",
        "{period}, {count|summary figure|summary figures}, every one right",
    ),
    "selftest_sheets_wrong": (
        "工作表为 {found}，应为 {wanted}",
        "the workbook's sheets are {found}, not the ledger's {wanted}",
    ),
    "selftest_summary_lacks": ("汇总表缺少 {missing}", "the summary sheet lacks {missing}"),
    "selftest_not_in_sheets": ("明细表里找不到“{title}”", "'{title}' is in no section sheet"),
    "selftest_row_lacks": (
        "“{title}”那一行没有数字 {number}",
        "the row of '{title}' lacks {number}",
    ),
    "selftest_export_ok": (
        "{name}，{sheets} 张工作表，{size} 字节，读回一致",
        "{sheets|sheet|sheets}, {size|byte|bytes}, read back right",
    ),
    "selftest_backup_damaged": ("备份有问题：{problems}", "the backup is damaged: {problems}"),
    "selftest_backup_count_wrong": (
        "备份里有 {count} 条记录，应为 {expected} 条",
        "the backup holds {count|record|records}, expected {expected}",
    ),
    "selftest_backup_ok": (
        "{name}，{size} 字节，完整性检查通过，{count} 条记录",
        "{size|byte|bytes}, integrity check passed, {count|record|records}",
    ),
    "selftest_db_damaged": ("数据库有问题：{problems}", "the database is damaged: {problems}"),
    "selftest_integrity_ok": ("没有发现问题", "no problems found"),
}

_language = "both"


def set_language(language: str) -> None:
    """``"zh"``, ``"en"`` or ``"both"`` (Chinese, then English in brackets)."""
    global _language
    if language not in ("zh", "en", "both"):
        raise ValueError(language)
    _language = language


def language() -> str:
    """The language messages are shown in now: "zh", "en" or "both"."""
    return _language


def text(key: str, language: str | None = None, **params: object) -> str:
    """The message ``key`` in ``language`` ('zh', 'en'), or both: 中文 (English).

    A parameter that is itself said in both languages (a ``TaizhangError``, a ``Both``)
    gives each half its own language: nested, it would repeat itself four times.
    """
    zh, en = MESSAGES[key]
    empty = [k for k, v in params.items() if isinstance(v, str) and not v.strip()]
    if empty:
        zh, en = _said_empty(zh, empty, _EMPTY_ZH), _said_empty(en, empty, _EMPTY_EN)
    en = counted(en, params)
    language = language or _language
    if language == "zh":
        return zh.format(**_in(params, "zh"))
    if language == "en":
        return en.format(**_in(params, "en"))
    return f"{zh.format(**_in(params, 'zh'))} ({en.format(**_in(params, 'en'))})"


# A count with its noun in English: ``{count|record|records}`` says "1 record", "2 records"
# (the form may run on: ``{count|row has errors|rows have errors}``). Chinese needs none.
_PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")


def counted(template: str, params: dict) -> str:
    """``template`` with each plural form resolved by its count in ``params`` (an int, or
    its text as shown: "1,204")."""

    def form(match: re.Match) -> str:
        name, one, other = match.groups()
        count = params[name]
        number = int(str(count).replace(",", "")) if not isinstance(count, int) else count
        return f"{{{name}}} {one if number == 1 else other}"

    return _PLURAL.sub(form, template) if "|" in template else template


# How an empty value is said where a message quotes it or adds it in brackets: "由“”改为了
# “新”" reads 由（空）改为了“新”, "来自“胡集镇”（）" reads 来自“胡集镇”.
_EMPTY_ZH = (("“{%s}”", "（空）"), ("（{%s}）", ""))
_EMPTY_EN = (("'{%s}'", "(empty)"), (" ({%s})", ""), ("({%s})", ""))


def _said_empty(template: str, names: list[str], ways: tuple[tuple[str, str], ...]) -> str:
    for name in names:
        for quoted, said in ways:
            template = template.replace(quoted % name, said)
    return template


@dataclass(frozen=True)
class Both:
    """A text in Chinese and in English, to be a parameter of another message."""

    zh: str
    en: str

    @classmethod
    def of(cls, key: str, **params: object) -> Both:
        return cls(text(key, "zh", **params), text(key, "en", **params))

    def __str__(self) -> str:
        """Said as ``text`` says a message: in the language shown now, or 中文 (English)."""
        if _language in ("zh", "en"):
            return getattr(self, _language)
        return f"{self.zh} ({self.en})"

    @classmethod
    def join(cls, items: list, zh: str = "；", en: str = "; ") -> Both:
        """Texts one after another; one said in a single language (SQLite's) in both."""
        parts = [item if hasattr(item, "en") else cls(str(item), str(item)) for item in items]
        return cls(zh.join(p.zh for p in parts), en.join(p.en for p in parts))


def damage(error: object) -> Both:
    """What SQLite says of a damaged file, for ``db_damaged``: its words (English) in the
    English half only."""
    return Both(text("db_damaged_details", "zh"), str(error))


def _in(params: dict, language: str) -> dict:
    if not any(hasattr(v, "zh") and hasattr(v, "en") for v in params.values()):
        return params
    return {
        k: getattr(v, language) if hasattr(v, "zh") and hasattr(v, "en") else v
        for k, v in params.items()
    }


# argparse's own words (usage, help headings, usage errors), as the command line says them.
ARGPARSE = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选择：%(value)r（可选：%(choices)s）"
    ),
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多一个值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 不明确，可能是 %(matches)s"
    ),
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "ignored explicit argument %r": "多余的参数值 %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "没有命令 %(parser_name)r（可选：%(choices)s）"
    ),
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}


class ArgparseText(str):
    """One of argparse's texts in Chinese, carrying its English (``en``) through the ``%``
    argparse fills it with, so a usage error is said in both."""

    en: str = ""

    def __mod__(self, params):
        def side(value, english: bool):
            return getattr(value, "en", value) if english else value

        if isinstance(params, dict):
            zh = str.__mod__(str(self), {k: side(v, False) for k, v in params.items()})
            en = str.__mod__(self.en, {k: side(v, True) for k, v in params.items()})
        else:
            items = params if isinstance(params, tuple) else (params,)
            zh = str.__mod__(str(self), tuple(side(v, False) for v in items))
            en = str.__mod__(self.en, tuple(side(v, True) for v in items))
        said = ArgparseText(zh)
        said.en = en
        return said


def argparse_text(message: str) -> str:
    """argparse's gettext: its texts in Chinese (each knowing its English)."""
    zh = ARGPARSE.get(message)
    if zh is None:
        return message
    said = ArgparseText(zh)
    said.en = message
    return said
