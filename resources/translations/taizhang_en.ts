<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ActivityModel</name>
    <message numerus="yes">
        <location filename="../../gui/activity_model.py" line="354"/>
        <source>%n evidence file(s)</source>
        <translation>
            <numerusform>%n evidence file</numerusform>
            <numerusform>%n evidence files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AttachmentsView</name>
    <message numerus="yes">
        <location filename="../../gui/attachments_view.py" line="505"/>
        <source>%n removed file(s)</source>
        <translation>
            <numerusform>%n removed file</numerusform>
            <numerusform>%n removed files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/attachments_view.py" line="507"/>
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/attachments_view.py" line="642"/>
        <source>Restore %n evidence file(s)</source>
        <translation>
            <numerusform>Restore %n evidence file</numerusform>
            <numerusform>Restore %n evidence files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/attachments_view.py" line="646"/>
        <source>Remove %n evidence file(s)</source>
        <translation>
            <numerusform>Remove %n evidence file</numerusform>
            <numerusform>Remove %n evidence files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message numerus="yes">
        <location filename="../../gui/backup_dialog.py" line="102"/>
        <source>%n backup(s) in the backups folder made by an older version (no id of this file in their names) are not listed: choose one with Other backup file….</source>
        <translation>
            <numerusform>%n backup in the backups folder made by an older version (no id of this file in its name) is not listed: choose it with Other backup file….</numerusform>
            <numerusform>%n backups in the backups folder made by an older version (no id of this file in their names) are not listed: choose one with Other backup file….</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EarlierExportNote</name>
    <message numerus="yes">
        <location filename="../../gui/earlier_export_note.py" line="94"/>
        <source>This period was exported on %1 (%2, %n record(s)); </source>
        <translation>
            <numerusform>This period was exported on %1 (%2, %n record); </numerusform>
            <numerusform>This period was exported on %1 (%2, %n records); </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/earlier_export_note.py" line="110"/>
        <source>since then %n of its records were added, changed or deleted: %1. The ledger exported now will differ from that one.</source>
        <translation>
            <numerusform>since then %n of its records was added, changed or deleted: %1. The ledger exported now will differ from that one.</numerusform>
            <numerusform>since then %n of its records were added, changed or deleted: %1. The ledger exported now will differ from that one.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/earlier_export_note.py" line="116"/>
        <source>since then %n of its records were added, changed or deleted: %1; %2 changed too. The ledger exported now will differ from that one.</source>
        <translation>
            <numerusform>since then %n of its records was added, changed or deleted: %1; %2 changed too. The ledger exported now will differ from that one.</numerusform>
            <numerusform>since then %n of its records were added, changed or deleted: %1; %2 changed too. The ledger exported now will differ from that one.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExchangeExportDialog</name>
    <message numerus="yes">
        <location filename="../../gui/exchange_export_dialog.py" line="141"/>
        <source>The exchange package was saved: %n record(s)</source>
        <translation>
            <numerusform>The exchange package was saved: %n record</numerusform>
            <numerusform>The exchange package was saved: %n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/exchange_export_dialog.py" line="142"/>
        <source>, %n attachment file(s).</source>
        <translation>
            <numerusform>, %n attachment file.</numerusform>
            <numerusform>, %n attachment files.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/exchange_export_dialog.py" line="145"/>
        <source>%n of the records are in the recycle bin: the other side deletes them too.</source>
        <translation>
            <numerusform>%n of the records is in the recycle bin: the other side deletes it too.</numerusform>
            <numerusform>%n of the records are in the recycle bin: the other side deletes them too.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExchangeImportDialog</name>
    <message numerus="yes">
        <location filename="../../gui/exchange_import_dialog.py" line="458"/>
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/exchange_import_dialog.py" line="466"/>
        <source>In %n conflict(s) you kept the older side; </source>
        <translation>
            <numerusform>In %n conflict you kept the older side; </numerusform>
            <numerusform>In %n conflicts you kept the older side; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/exchange_import_dialog.py" line="474"/>
        <source>%n of the new records are in the recycle bin (the sender had deleted them).</source>
        <translation>
            <numerusform>%n of the new records is in the recycle bin (the sender had deleted it).</numerusform>
            <numerusform>%n of the new records are in the recycle bin (the sender had deleted them).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="112"/>
        <source>This period holds records of %n units. A unit&apos;s own ledger has its records alone; “All units” is the combined ledger, with a sheet of each unit&apos;s totals.</source>
        <translation>
            <numerusform>This period holds records of %n unit. A unit&apos;s own ledger has its records alone; “All units” is the combined ledger, with a sheet of each unit&apos;s totals.</numerusform>
            <numerusform>This period holds records of %n units. A unit&apos;s own ledger has its records alone; “All units” is the combined ledger, with a sheet of each unit&apos;s totals.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="232"/>
        <source>The ledger was saved (%n record(s)):</source>
        <translation>
            <numerusform>The ledger was saved (%n record):</numerusform>
            <numerusform>The ledger was saved (%n records):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="234"/>
        <source>Its evidence (%n file(s)):</source>
        <translation>
            <numerusform>Its evidence (%n file):</numerusform>
            <numerusform>Its evidence (%n files):</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="103"/>
        <source>The file holds %n record(s). Nothing has been written yet.</source>
        <translation>
            <numerusform>The file holds %n record. Nothing has been written yet.</numerusform>
            <numerusform>The file holds %n records. Nothing has been written yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="108"/>
        <source>%n of them are already in the database (the same 编号, or the same type, date, title, place and figures) and will be skipped.</source>
        <translation>
            <numerusform>%n of them is already in the database (the same 编号, or the same type, date, title, place and figures) and will be skipped.</numerusform>
            <numerusform>%n of them are already in the database (the same 编号, or the same type, date, title, place and figures) and will be skipped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="113"/>
        <source>%n of them repeat an earlier row of the file (the same 编号, or the same type, date, title, place and figures, e.g. a copied sheet) and will be skipped.</source>
        <translation>
            <numerusform>%n of them repeats an earlier row of the file (the same 编号, or the same type, date, title, place and figures, e.g. a copied sheet) and will be skipped.</numerusform>
            <numerusform>%n of them repeat an earlier row of the file (the same 编号, or the same type, date, title, place and figures, e.g. a copied sheet) and will be skipped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="124"/>
        <source>Import the %n repeated record(s) anyway</source>
        <translation>
            <numerusform>Import the %n repeated record anyway</numerusform>
            <numerusform>Import the %n repeated records anyway</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="133"/>
        <source>%n row(s) have problems. Nothing will be imported until the file is corrected:</source>
        <translation>
            <numerusform>%n row has problems. Nothing will be imported until the file is corrected:</numerusform>
            <numerusform>%n rows have problems. Nothing will be imported until the file is corrected:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="166"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="573"/>
        <source>Copied %n row(s)</source>
        <translation>
            <numerusform>Copied %n row</numerusform>
            <numerusform>Copied %n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="598"/>
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="787"/>
        <source>Imported %n record(s).</source>
        <translation>
            <numerusform>Imported %n record.</numerusform>
            <numerusform>Imported %n records.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="789"/>
        <location filename="../../gui/main_window.py" line="950"/>
        <source>Skipped %n repeated record(s).</source>
        <translation>
            <numerusform>Skipped %n repeated record.</numerusform>
            <numerusform>Skipped %n repeated records.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="849"/>
        <source>Delete %n record(s)</source>
        <translation>
            <numerusform>Delete %n record</numerusform>
            <numerusform>Delete %n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="854"/>
        <source>%n record(s) moved to the recycle bin (Ctrl+Z undoes it).</source>
        <translation>
            <numerusform>%n record moved to the recycle bin (Ctrl+Z undoes it).</numerusform>
            <numerusform>%n records moved to the recycle bin (Ctrl+Z undoes it).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="875"/>
        <source>Restore %n record(s)</source>
        <translation>
            <numerusform>Restore %n record</numerusform>
            <numerusform>Restore %n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="878"/>
        <source>%n record(s) restored from the recycle bin (Ctrl+Z undoes it).</source>
        <translation>
            <numerusform>%n record restored from the recycle bin (Ctrl+Z undoes it).</numerusform>
            <numerusform>%n records restored from the recycle bin (Ctrl+Z undoes it).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="945"/>
        <source>When the window was last closed, an import was still running. It ran to its end: %n record(s) of “%1” were imported.</source>
        <translation>
            <numerusform>When the window was last closed, an import was still running. It ran to its end: %n record of “%1” was imported.</numerusform>
            <numerusform>When the window was last closed, an import was still running. It ran to its end: %n records of “%1” were imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="953"/>
        <source>Import %n record(s)</source>
        <translation>
            <numerusform>Import %n record</numerusform>
            <numerusform>Import %n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="1069"/>
        <source>%n evidence file(s) of the restored records were not in the backup and were not restored:</source>
        <translation>
            <numerusform>%n evidence file of the restored records was not in the backup and was not restored:</numerusform>
            <numerusform>%n evidence files of the restored records were not in the backup and were not restored:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="1110"/>
        <source>%n record(s) saved in this database carry “%1” as their unit. Give them “%2” too?</source>
        <translation>
            <numerusform>%n record saved in this database carries “%1” as its unit. Give it “%2” too?</numerusform>
            <numerusform>%n records saved in this database carry “%1” as their unit. Give them “%2” too?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="1123"/>
        <source>%n of them also have “%1” as organizer (an empty organizer is the unit): it becomes “%2” too.</source>
        <translation>
            <numerusform>%n of them also has “%1” as organizer (an empty organizer is the unit): it becomes “%2” too.</numerusform>
            <numerusform>%n of them also have “%1” as organizer (an empty organizer is the unit): it becomes “%2” too.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="1366"/>
        <source>… and %n more (Show Details…)</source>
        <translation>
            <numerusform>… and %n more (Show Details…)</numerusform>
            <numerusform>… and %n more (Show Details…)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SumsLabel</name>
    <message numerus="yes">
        <location filename="../../gui/sums_label.py" line="75"/>
        <source>… %n more sum(s)</source>
        <translation>
            <numerusform>… %n more sum</numerusform>
            <numerusform>… %n more sums</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TemplateHistoryDialog</name>
    <message numerus="yes">
        <location filename="../../gui/template_history.py" line="92"/>
        <source>Reordered (%n item(s))</source>
        <translation>
            <numerusform>Reordered (%n item)</numerusform>
            <numerusform>Reordered (%n items)</numerusform>
        </translation>
    </message>
</context>
</TS>
