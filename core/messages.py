"""The core's message catalogue: every user-visible text of core/, Chinese first.

A message is shown as ``中文 (English)`` unless a language is asked for; the GUI
asks for its own language, the command line shows both.
"""

from __future__ import annotations

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
    "db_damaged": (
        "数据库文件“{path}”已损坏（{details}），为保护数据未做任何写入。可以从最近的完好备份恢复，"
        "或只读打开查看",
        "the database '{path}' is damaged ({details}); nothing was written to it. Restore the "
        "newest good backup, or open it read-only to look",
    ),
    "db_folder_read_only": (
        "数据文件夹“{path}”是只读的，无法保存数据；请换一个可写的文件夹，或请信息技术人员开放写权限",
        "the data folder '{path}' is read-only, nothing can be saved; use a writable folder",
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
    "integrity_ok": ("数据库检查通过", "database check passed"),
    "integrity_wal_pending": (
        "数据库本身完好，但还有 {pages} 页改动只在“{wal}”中、尚未并入数据库文件"
        "（另一个程序正打开着它）。单独复制 .db 文件会缺少这些改动：请先关闭台账窗口，再检查或复制",
        "the database is sound, but {pages} page(s) of changes are still only in '{wal}', not yet "
        "in the file (another program has it open); a copy of the .db alone would miss them: "
        "close the Taizhang window first, then check or copy",
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
    "db_empty_file": ("文件是空的（0 字节）", "the file is empty (0 bytes)"),
    "db_unreadable_header": (
        "文件头已损坏或文件不完整",
        "the file's header is damaged or the file is cut short",
    ),
    "restore_foreign": (
        "“{path}”是其他程序的完好数据库，不能用台账备份覆盖它",
        "'{path}' is a sound database of another program; a Taizhang backup never replaces it",
    ),
    "backup_not_ours": (
        "“{path}”不是可用的台账备份：{reason}",
        "'{path}' is not a usable Taizhang backup: {reason}",
    ),
    "restore_done": (
        "已从备份“{path}”恢复；恢复前的数据已备份到“{saved}”",
        "restored from '{path}'; the data before it was backed up to '{saved}'",
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
    "unknown_type_id": ("活动类型 {type_id} 不存在", "activity type {type_id} does not exist"),
    "unknown_field": (
        "活动类型“{type_name}”没有指标“{label}”",
        "the activity type '{type_name}' has no field '{label}'",
    ),
    "template_invalid": ("模板文件有误：{reason}", "the template file is invalid: {reason}"),
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
    "date_out_of_range": (
        "“{label}”超出可用范围（1900 至 2999 年）：{value}",
        "'{label}' is out of range (years 1900 to 2999): {value}",
    ),
    "end_before_start": (
        "结束日期不能早于开始日期",
        "the end date cannot be before the start date",
    ),
    "record_invalid": ("记录有误：{details_zh}", "the record is invalid: {details_en}"),
    "activity_missing": ("记录不存在：{activity_id}", "no such record: {activity_id}"),
    "bad_field_arg": (
        "指标应写成“名称=数值”，而不是“{arg}”",
        "a field must be given as NAME=VALUE, not '{arg}'",
    ),
    # periods
    "bad_period": (
        "无法识别的期间“{text}”（应为 2026、2026Q1 或 2026-03）",
        "unknown period '{text}' (use 2026, 2026Q1 or 2026-03)",
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
    "export_disk_full": (
        "磁盘空间不足，无法写入“{path}”；原有文件未改动",
        "the disk is full, cannot write '{path}'; any existing file is unchanged",
    ),
    "export_failed": ("导出失败：{reason}", "export failed: {reason}"),
    "export_text_cut": (
        "提醒：“{sheet}”第 {row} 条的“{column}”超过 Excel 单元格上限 {limit} 个字符，"
        "表格中只保留前 {limit} 个；数据库中保存的是完整内容",
        "note: '{column}' of record {row} in '{sheet}' is longer than Excel's {limit} "
        "characters; the cell holds the first {limit}, the database keeps it whole",
    ),
    "export_text_cleaned": (
        "提醒：“{sheet}”第 {row} 条的“{column}”含有 Excel 不能保存的控制字符，表格中已去掉；"
        "数据库中保存的是原文",
        "note: '{column}' of record {row} in '{sheet}' holds control characters Excel cannot "
        "store; they were left out of the cell, the database keeps the original",
    ),
    "export_done": (
        "已导出 {period_name} 台账到“{path}”（{records} 条记录）",
        "exported the ledger of {period_name} to '{path}' ({records} records)",
    ),
    "output_is_database": (
        "“{path}”是数据库文件（或它的 -wal/-shm 文件、备份），不能用导出或备份覆盖它；"
        "请另选文件名，什么也没有写入",
        "'{path}' is a database (or its -wal/-shm file, or a backup) and is never overwritten "
        "by an export or a backup; choose another name. Nothing was written",
    ),
    "output_is_folder": (
        "“{path}”是一个文件夹，请写上文件名",
        "'{path}' is a folder; give a file name",
    ),
    "export_folder_missing": (
        "文件夹“{path}”不存在",
        "the folder '{path}' does not exist",
    ),
    # import
    "import_unreadable": (
        "无法读取文件“{path}”：{reason}",
        "cannot read '{path}': {reason}",
    ),
    "import_bad_format": (
        "不支持的文件格式“{suffix}”，请使用 .xlsx 或 .csv",
        "unsupported file format '{suffix}'; use .xlsx or .csv",
    ),
    "import_encoding": (
        "无法识别文件“{path}”的编码（支持 UTF-8 和 GBK/GB18030）",
        "cannot tell the encoding of '{path}' (UTF-8 and GBK/GB18030 are supported)",
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
        "import not done: {count} rows have errors, nothing was written",
    ),
    "import_ok": (
        "已导入 {count} 条记录",
        "imported {count} records",
    ),
    "import_dry_run_ok": (
        "检查通过：可导入 {count} 条记录（试运行，未写入）",
        "check passed: {count} records can be imported (dry run, nothing written)",
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
    "import_cell_too_long": (
        "有一个单元格超过 {limit} 个字符",
        "a cell is longer than {limit} characters",
    ),
    "import_formula_no_value": (
        "公式没有计算结果，请在 Excel/WPS 中打开并保存后再导入（单元格 {cell}）",
        "the formula has no computed value; open and save the file in Excel/WPS, then import "
        "again (cell {cell})",
    ),
    "import_too_many_rows": (
        "文件“{path}”超过 {limit} 行，未导入；请分成几个文件",
        "'{path}' has more than {limit} rows and was not imported; split it into several files",
    ),
    "import_too_big": (
        "文件“{path}”太大（超过 {limit}），未导入；请分成几个文件",
        "'{path}' is too big (over {limit}) and was not imported; split it into several files",
    ),
    "import_too_many_columns": (
        "表头有 {count} 列，超过 {limit} 列，这不像是活动记录表",
        "the header has {count} columns, more than {limit}: not a table of activities",
    ),
    "import_more_problems": (
        "以上是前 {shown} 个问题，另有 {more} 个问题未列出",
        "these are the first {shown} problems; {more} more are not listed",
    ),
    "import_row_problem": ("第 {row} 行：{reason}", "row {row}: {reason}"),
    # A row's problem already written in both languages; shown as the user's language asks.
    "import_row_error_line": ("{zh}", "{en}"),
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
    zh, en = MESSAGES[key]
    language = language or _language
    if language == "zh":
        return zh.format(**params)
    if language == "en":
        return en.format(**params)
    return f"{zh.format(**params)} ({en.format(**params)})"
