<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../gui/about_dialog.py" line="19"/>
        <source>About Taizhang</source>
        <translation>关于科技工作台账</translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="26"/>
        <source>Taizhang %1 — science and technology work ledger</source>
        <translation>科技工作台账 %1</translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="29"/>
        <source>Data folder: %1</source>
        <translation>数据文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../gui/about_dialog.py" line="30"/>
        <source>Database file: %1</source>
        <translation>数据库文件：%1</translation>
    </message>
</context>
<context>
    <name>ActivityDialog</name>
    <message>
        <location filename="../../gui/activity_dialog.py" line="102"/>
        <source>Edit activity</source>
        <translation>编辑活动记录</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="102"/>
        <source>New activity</source>
        <translation>新增活动记录</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="136"/>
        <source>Type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="142"/>
        <source>&amp;until</source>
        <translation>至(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="143"/>
        <source>Ticked for an activity of several days (Alt+U)</source>
        <translation>活动持续几天时勾选，再填结束日期（Alt+U）</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="157"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="161"/>
        <source>e.g. Spring training class on fruit growing</source>
        <translation>例如：春季果树栽培技术培训班</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="162"/>
        <source>Title</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="166"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="167"/>
        <source>Organizer</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="168"/>
        <source>Partners</source>
        <translation>联合单位</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="169"/>
        <source>Audience</source>
        <translation>参与对象</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="170"/>
        <source>Handled by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="181"/>
        <source>empty: the bureau</source>
        <translation>不填则为填报单位</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="182"/>
        <source>empty: the staff member</source>
        <translation>不填则为填报人</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="187"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="207"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="212"/>
        <source>Save and new</source>
        <translation>保存并新增</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="214"/>
        <source>Save, then a new form (Ctrl+Enter)</source>
        <translation>保存，然后接着新增一条（Ctrl+回车）</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="227"/>
        <source>Evidence (saved as added or removed; Ctrl+Z undoes)</source>
        <translation>佐证材料（添加、移除即保存，Ctrl+Z 可撤销）</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="232"/>
        <source>Evidence (saved with the record)</source>
        <translation>佐证材料（随记录一起保存）</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="328"/>
        <source>type to filter, e.g. 培训</source>
        <translation>输入文字筛选，例如：培训</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="405"/>
        <source>Figures of %1</source>
        <translation>%1的指标</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="580"/>
        <source>A record with the same type, date and title is already saved:</source>
        <translation>已有一条活动类型、日期和活动名称都相同的记录：</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="584"/>
        <source>Save anyway</source>
        <translation>仍然保存</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="585"/>
        <source>Go back and change it</source>
        <translation>返回修改</translation>
    </message>
</context>
<context>
    <name>ActivityModel</name>
    <message>
        <location filename="../../gui/activity_model.py" line="71"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="72"/>
        <source>Type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="73"/>
        <source>Title</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="75"/>
        <source>Reporting unit</source>
        <translation>填报单位</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="77"/>
        <source>Evidence</source>
        <translation>佐证</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/activity_model.py" line="354"/>
        <source>%n evidence file(s)</source>
        <translation>
            <numerusform>%n 个佐证材料文件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="79"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="80"/>
        <source>Organizer</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="81"/>
        <source>Partners</source>
        <translation>联合单位</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="82"/>
        <source>Audience</source>
        <translation>参与对象</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="86"/>
        <source>Figures</source>
        <translation>主要指标</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="87"/>
        <source>Other fields</source>
        <translation>其他指标</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="88"/>
        <source>This column does not sort</source>
        <translation>此列不能排序</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="83"/>
        <source>Handled by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="84"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <location filename="../../gui/i18n.py" line="98"/>
        <source>Taizhang</source>
        <translation>科技工作台账</translation>
    </message>
</context>
<context>
    <name>AttachmentsDialog</name>
    <message>
        <location filename="../../gui/attachments_view.py" line="673"/>
        <source>Evidence of “%1”</source>
        <translation>“%1”的佐证材料</translation>
    </message>
</context>
<context>
    <name>AttachmentsView</name>
    <message>
        <location filename="../../gui/attachments_view.py" line="279"/>
        <source>Attach “%1”</source>
        <translation>添加佐证材料“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="411"/>
        <source>&amp;Add files…</source>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="412"/>
        <source>Add files, or drop them on the list</source>
        <translation>添加文件，也可以把文件拖到列表里</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="414"/>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="416"/>
        <location filename="../../gui/attachments_view.py" line="555"/>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="417"/>
        <source>To the recycle bin; Ctrl+Z brings it back</source>
        <translation>移到回收站；Ctrl+Z 可撤销</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="419"/>
        <source>Show removed files</source>
        <translation>显示已移除的文件</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/attachments_view.py" line="505"/>
        <source>%n removed file(s)</source>
        <translation>
            <numerusform>已移除 %n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/attachments_view.py" line="507"/>
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="511"/>
        <source>No files yet: add them, or drop them here.</source>
        <translation>还没有佐证材料：点“添加文件”，或把文件拖到这里。</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="555"/>
        <source>Re&amp;store</source>
        <translation>恢复(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="360"/>
        <source>Add evidence files</source>
        <translation>添加佐证材料</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="282"/>
        <source>Attach %1 files</source>
        <translation>添加 %1 个佐证材料文件</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="365"/>
        <source>Evidence (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff *.pdf *.ofd *.doc *.docx *.wps *.xls *.xlsx *.et *.csv *.ppt *.pptx *.txt *.zip *.rar)</source>
        <translation>佐证材料 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff *.pdf *.ofd *.doc *.docx *.wps *.xls *.xlsx *.et *.csv *.ppt *.pptx *.txt *.zip *.rar)</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="368"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="610"/>
        <source>“%1” could be a program, so Taizhang does not open it. It stays attached to the record.</source>
        <translation>“%1”可能是可执行程序，为安全起见，台账不打开它。它仍作为佐证材料保留在记录中。</translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="629"/>
        <source>No program on this computer opens “%1”.</source>
        <translation>这台电脑上没有能打开“%1”的程序。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/attachments_view.py" line="642"/>
        <source>Restore %n evidence file(s)</source>
        <translation>
            <numerusform>恢复 %n 个佐证材料文件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="644"/>
        <source>Remove “%1”</source>
        <translation>移除佐证材料“%1”</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/attachments_view.py" line="646"/>
        <source>Remove %n evidence file(s)</source>
        <translation>
            <numerusform>移除 %n 个佐证材料文件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/attachments_view.py" line="653"/>
        <source>Evidence</source>
        <translation>佐证</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../gui/backup_dialog.py" line="53"/>
        <location filename="../../gui/backup_dialog.py" line="165"/>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="57"/>
        <source>Choose the backup to go back to. The data as it is now is backed up first, so a restore can itself be undone by restoring that backup.</source>
        <translation>请选择要恢复到的备份。恢复前会先把当前数据备份一份，所以恢复之后还可以再恢复回来。</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="65"/>
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="65"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="65"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="85"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="88"/>
        <source>&amp;Other backup file…</source>
        <translation>其他备份文件(&amp;O)…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/backup_dialog.py" line="102"/>
        <source>%n backup(s) in the backups folder made by an older version (no id of this file in their names) are not listed: choose one with Other backup file….</source>
        <translation>
            <numerusform>备份文件夹中有 %n 份旧版本做的备份（文件名没有本库的编号），未列在上面；需要时点“其他备份文件…”选择。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="109"/>
        <source>No backup of this file was found in the backups folder. A backup kept elsewhere can be chosen with Other backup file….</source>
        <translation>备份文件夹中没有找到这个数据库的备份。放在别处的备份可以点“其他备份文件…”选择。</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="133"/>
        <source>Other backup file</source>
        <translation>其他备份文件</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="135"/>
        <source>Taizhang backups (*.db);;All files (*)</source>
        <translation>台账备份 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="143"/>
        <source>Replace all the data with the backup file %1?</source>
        <translation>用备份文件“%1”替换全部数据吗？</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="152"/>
        <source>Restore?</source>
        <translation>确定恢复？</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="163"/>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="176"/>
        <source>Another database&apos;s file</source>
        <translation>另一个数据库的文件</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="181"/>
        <source>Replace all the data here with it? The data as it is now is backed up first.</source>
        <translation>仍要用它替换这里的全部数据吗？恢复前会先备份当前数据。</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="188"/>
        <source>&amp;Restore it</source>
        <translation>仍然恢复(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="122"/>
        <source>Replace the data with the backup of %1?</source>
        <translation>要用 %1 的备份替换当前数据吗？</translation>
    </message>
</context>
<context>
    <name>ClosingElsewhere</name>
    <message>
        <location filename="../../gui/app.py" line="397"/>
        <source>Finishing the backup from when Taizhang was last closed…</source>
        <translation>正在完成上一次关闭时的备份，完成后就打开台账……
Finishing the backup from when Taizhang was last closed…</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="400"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="451"/>
        <source>Taizhang was closed with “%1” open, and has not finished its backup and let the file go after %2 minutes. Open it again later; if this goes on, restart the computer.</source>
        <translation>台账上一次关闭时打开着“%1”，等了 %2 分钟，它的备份还没有完成、文件还没有放开。请稍后再打开；如果一直这样，请重新启动电脑。
Taizhang was closed with “%1” open, and has not finished its backup and let the file go after %2 minutes. Open it again later; if this goes on, restart the computer.</translation>
    </message>
</context>
<context>
    <name>ConflictView</name>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="73"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="73"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="73"/>
        <source>Changed here</source>
        <translation>本机修改于</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="74"/>
        <source>Changed there</source>
        <translation>对方修改于</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="74"/>
        <source>Kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="81"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="105"/>
        <source>&amp;Keep this computer&apos;s</source>
        <translation>保留本机(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="106"/>
        <source>&amp;Take the sender&apos;s</source>
        <translation>采用对方(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="149"/>
        <source>(no field differs)</source>
        <translation>（各项内容相同）</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="153"/>
        <location filename="../../gui/exchange_import_dialog.py" line="154"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="163"/>
        <location filename="../../gui/exchange_import_dialog.py" line="186"/>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="163"/>
        <location filename="../../gui/exchange_import_dialog.py" line="186"/>
        <source>The sender</source>
        <translation>对方</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="167"/>
        <source> — newer</source>
        <translation>（较新）</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="168"/>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="188"/>
        <source> (your choice)</source>
        <translation>（您的选择）</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="194"/>
        <source>Field</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>DamagedFile</name>
    <message>
        <location filename="../../gui/app.py" line="248"/>
        <source>Restore this backup</source>
        <translation>从这个备份恢复</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="261"/>
        <source>Other backup file…</source>
        <translation>其他备份文件…</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="266"/>
        <source>Open read-only</source>
        <translation>只读打开</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="270"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="317"/>
        <source>Other backup file</source>
        <translation>其他备份文件</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="319"/>
        <source>Taizhang backups (*.db);;All files (*)</source>
        <translation>台账备份 (*.db);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../gui/date_field.py" line="41"/>
        <source>Choose from a calendar (Alt+Down)</source>
        <translation>从日历中选择（Alt+↓）</translation>
    </message>
</context>
<context>
    <name>EarlierExportNote</name>
    <message numerus="yes">
        <location filename="../../gui/earlier_export_note.py" line="94"/>
        <source>This period was exported on %1 (%2, %n record(s)); </source>
        <translation>
            <numerusform>本期已于 %1 导出过（%2，共 %n 条）；</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/earlier_export_note.py" line="101"/>
        <source>none of its records has changed since.</source>
        <translation>此后本期记录没有变化。</translation>
    </message>
    <message>
        <location filename="../../gui/earlier_export_note.py" line="104"/>
        <source>none of its records has changed since, but %1 changed: the ledger exported now will differ from that one.</source>
        <translation>此后本期记录没有变化，但此后%1有修改，现在导出的台账将与那次导出的不同。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/earlier_export_note.py" line="110"/>
        <source>since then %n of its records were added, changed or deleted: %1. The ledger exported now will differ from that one.</source>
        <translation>
            <numerusform>此后本期有 %n 条记录被新增、修改或删除：%1。现在导出的台账将与那次导出的不同。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/earlier_export_note.py" line="116"/>
        <source>since then %n of its records were added, changed or deleted: %1; %2 changed too. The ledger exported now will differ from that one.</source>
        <translation>
            <numerusform>此后本期有 %n 条记录被新增、修改或删除：%1；%2也有修改。现在导出的台账将与那次导出的不同。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExchangeExportDialog</name>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="43"/>
        <source>Export exchange package</source>
        <translation>导出交换包</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="48"/>
        <source>&amp;Changes since the last package sent (%1)</source>
        <translation>上次发出交换包以来改动的记录(&amp;C)（上次：%1）</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="52"/>
        <source>&amp;Changes since the last package sent (none yet: all records)</source>
        <translation>上次发出交换包以来改动的记录(&amp;C)（还没有发出过：全部记录）</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="54"/>
        <source>&amp;All records</source>
        <translation>全部记录(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="62"/>
        <source>Only the records dated in this period (all dates by default)</source>
        <translation>只导出日期在这个期间内的记录（默认不限日期）</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="69"/>
        <source>Records</source>
        <translation>导出哪些记录</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="71"/>
        <source>Dated in</source>
        <translation>记录日期</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="72"/>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="73"/>
        <source>Folder</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="76"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="111"/>
        <source>Exporting the exchange package…</source>
        <translation>正在导出交换包…</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="132"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="140"/>
        <source>Exchange package exported</source>
        <translation>交换包已导出</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/exchange_export_dialog.py" line="141"/>
        <source>The exchange package was saved: %n record(s)</source>
        <translation>
            <numerusform>交换包已保存：%n 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/exchange_export_dialog.py" line="142"/>
        <source>, %n attachment file(s).</source>
        <translation>
            <numerusform>，%n 个佐证材料文件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/exchange_export_dialog.py" line="145"/>
        <source>%n of the records are in the recycle bin: the other side deletes them too.</source>
        <translation>
            <numerusform>其中 %n 条在回收站：对方导入后也会删除它们。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="149"/>
        <source>Nothing has changed since the last package was sent.</source>
        <translation>自上次发出交换包以来没有改动过的记录。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="158"/>
        <source>Hand it over on a USB stick or as a message attachment.</source>
        <translation>可用U盘拷贝，或作为消息附件发送。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_export_dialog.py" line="159"/>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
</context>
<context>
    <name>ExchangeImportDialog</name>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="228"/>
        <source>Import exchange package %1</source>
        <translation>导入交换包 %1</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="231"/>
        <source>Checking “%1”…</source>
        <translation>正在检查“%1”…</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="239"/>
        <source>Conflicts: changed on both sides</source>
        <translation>冲突：两边都改过的记录</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="252"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="277"/>
        <source>This database already has everything in the package: nothing to import.</source>
        <translation>交换包中的内容本库都已有，无需导入。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="283"/>
        <source>Nothing has been written yet. Import first backs up this database, then merges the package in one step. It cannot be undone with Undo, and neither can the steps before it; the backup can be restored.</source>
        <translation>目前什么也没有写入。点“导入”后先备份本库，再一次合并整个交换包；导入后不能用“撤销”撤回，导入之前的操作也不能再撤销；需要时可从备份恢复。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="323"/>
        <source>Package from %1, made %2.</source>
        <translation>来自 %1 的交换包，导出于 %2。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="324"/>
        <location filename="../../gui/exchange_import_dialog.py" line="455"/>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="333"/>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="334"/>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="335"/>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="336"/>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="337"/>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="340"/>
        <source>New attachment files</source>
        <translation>新佐证材料文件</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="342"/>
        <source>Attachment changes</source>
        <translation>佐证材料变动</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="344"/>
        <source>New history entries</source>
        <translation>新修改历史</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="364"/>
        <source>By default the newer change is kept; the other side is kept in the history of changes. ↑/↓ choose a record; Alt+K keeps this computer&apos;s, Alt+T takes the sender&apos;s (or click a side&apos;s column).</source>
        <translation>默认保留较新的修改，另一方记入修改历史，不会丢失。↑/↓ 选择记录；Alt+K 保留本机，Alt+T 采用对方（也可用鼠标点一方的列）。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="381"/>
        <source>The package uses activity types or fields this database does not have (below). Nothing can be imported until the templates are brought level: if the sender added them, ask them to import the county&apos;s template workbook (Settings → Import template…) and export again; if this database lacks them, import the county&apos;s template workbook here.</source>
        <translation>交换包用到了本库没有的活动类型或指标（见下）。模板统一之前不能导入任何记录：如果是对方自己加的，请对方导入县里下发的模板工作簿（设置 → 导入模板…）后重新导出；如果是本库缺少，请在本库导入县里下发的模板工作簿。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="408"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="422"/>
        <source>Backing up and importing…</source>
        <translation>正在备份并导入…</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="445"/>
        <source>Exchange package imported</source>
        <translation>交换包已导入</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="448"/>
        <source>Nothing was changed: this database already had everything.</source>
        <translation>未做任何修改：本库已有交换包中的全部内容。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="453"/>
        <source>Imported the package from %1: %2 new, %3 updated, %4 deleted, %5, %6 unchanged.</source>
        <translation>已导入来自 %1 的交换包：新增 %2 条，更新 %3 条，删除 %4 条，%5，未变 %6 条。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/exchange_import_dialog.py" line="458"/>
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>冲突 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/exchange_import_dialog.py" line="466"/>
        <source>In %n conflict(s) you kept the older side; </source>
        <translation>
            <numerusform>其中 %n 条冲突按您的选择保留了较旧的一方；</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/exchange_import_dialog.py" line="474"/>
        <source>%n of the new records are in the recycle bin (the sender had deleted them).</source>
        <translation>
            <numerusform>新增的记录中有 %n 条在回收站里（对方已经删除）。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="470"/>
        <source>the side not kept is in each record&apos;s history of changes.</source>
        <translation>未保留的一方记在各条记录的修改历史中。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="480"/>
        <source>Items deleted from this template came back archived: %1.</source>
        <translation>本库已从模板删除的以下各项恢复为“停用”：%1。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="483"/>
        <source>This import cannot be undone with Undo.</source>
        <translation>这次导入不能用“撤销”撤回。</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="486"/>
        <source>The data as it was before is backed up in:</source>
        <translation>导入前的数据已备份到：</translation>
    </message>
    <message>
        <location filename="../../gui/exchange_import_dialog.py" line="497"/>
        <source>Not imported</source>
        <translation>未导入</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../gui/export_dialog.py" line="44"/>
        <source>Export ledger</source>
        <translation>导出台账</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="55"/>
        <source>Also export the e&amp;vidence</source>
        <translation>同时导出佐证材料(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="58"/>
        <source>A zip beside the workbook: the workbook, one folder per section and one sub-folder per record with its files</source>
        <translation>在台账旁另写一个压缩包：台账本身、每个板块一个文件夹、每条记录一个子文件夹及其文件</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="68"/>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="69"/>
        <source>Reporting unit</source>
        <translation>填报单位</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="72"/>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="73"/>
        <source>Folder</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="77"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="104"/>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="112"/>
        <source>This period holds records of %n units. A unit&apos;s own ledger has its records alone; “All units” is the combined ledger, with a sheet of each unit&apos;s totals.</source>
        <translation>
            <numerusform>本期有 %n 个单位的记录。本单位的台账只含本单位的记录；“全部单位”是汇总台账，另有一张分单位汇总表。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="168"/>
        <source>Exporting the ledger…</source>
        <translation>正在导出台账…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="202"/>
        <location filename="../../gui/export_dialog.py" line="207"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="208"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="209"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="220"/>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="231"/>
        <source>Exported</source>
        <translation>导出完成</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="232"/>
        <source>The ledger was saved (%n record(s)):</source>
        <translation>
            <numerusform>台账已保存（共 %n 条记录）：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="234"/>
        <source>Its evidence (%n file(s)):</source>
        <translation>
            <numerusform>佐证材料（%n 个文件）：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="241"/>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="242"/>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
</context>
<context>
    <name>FolderField</name>
    <message>
        <location filename="../../gui/save_place.py" line="39"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../gui/save_place.py" line="49"/>
        <source>Folder</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <location filename="../../gui/save_place.py" line="60"/>
        <source>Replace file?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <location filename="../../gui/save_place.py" line="61"/>
        <source>“%1” already exists. Replace it?</source>
        <translation>“%1”已存在，要替换它吗？</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <location filename="../../gui/forms.py" line="111"/>
        <source>Discard what you typed?</source>
        <translation>放弃未保存的内容？</translation>
    </message>
    <message>
        <location filename="../../gui/forms.py" line="115"/>
        <source>The form holds content that has not been saved.</source>
        <translation>表单中有尚未保存的内容。</translation>
    </message>
    <message>
        <location filename="../../gui/forms.py" line="118"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location filename="../../gui/forms.py" line="121"/>
        <source>Keep editing</source>
        <translation>继续填写</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../gui/history_dialog.py" line="25"/>
        <source>History of “%1”</source>
        <translation>“%1”的修改历史</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="28"/>
        <source>When / what</source>
        <translation>时间 / 内容</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="28"/>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="28"/>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="48"/>
        <source>No changes have been recorded for this record.</source>
        <translation>这条记录还没有修改历史。</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="55"/>
        <source>Unit: %1</source>
        <translation>填报单位：%1</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="56"/>
        <source>Staff: %1</source>
        <translation>填报人：%1</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="64"/>
        <source>Evidence file</source>
        <translation>佐证材料</translation>
    </message>
    <message>
        <location filename="../../gui/history_dialog.py" line="71"/>
        <source>Not kept: the change of %1 at %2</source>
        <translation>未采用的一方：%1 于 %2 所做的修改（记于此处）</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../gui/import_dialog.py" line="41"/>
        <source>Import %1</source>
        <translation>导入 %1</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="43"/>
        <source>Checking “%1”…</source>
        <translation>正在检查“%1”…</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="48"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="48"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="48"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="57"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="57"/>
        <source>Type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="57"/>
        <source>Title</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="57"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="58"/>
        <source>Key figures</source>
        <translation>主要指标</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="75"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="103"/>
        <source>The file holds %n record(s). Nothing has been written yet.</source>
        <translation>
            <numerusform>检查通过：文件中有 %n 条记录。尚未写入任何数据。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="108"/>
        <source>%n of them are already in the database (the same 编号, or the same type, date, title, place and figures) and will be skipped.</source>
        <translation>
            <numerusform>其中 %n 条已在数据库中（编号相同，或活动类型、日期、活动名称、地点和指标都相同），将跳过。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="113"/>
        <source>%n of them repeat an earlier row of the file (the same 编号, or the same type, date, title, place and figures, e.g. a copied sheet) and will be skipped.</source>
        <translation>
            <numerusform>其中 %n 条与文件中前面的行相同（编号相同，或类型、日期、活动名称、地点和指标都相同，例如工作表复制了一份），将跳过。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="124"/>
        <source>Import the %n repeated record(s) anyway</source>
        <translation>
            <numerusform>这 %n 条重复记录也照样导入</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="133"/>
        <source>%n row(s) have problems. Nothing will be imported until the file is corrected:</source>
        <translation>
            <numerusform>有 %n 行存在问题。请先修改文件，改好之前不会导入任何数据：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="166"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>……另有 %n 条</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IndicatorDialog</name>
    <message>
        <location filename="../../gui/indicator_grid.py" line="232"/>
        <source>Standing indicators</source>
        <translation>统计指标</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="240"/>
        <source> (year)</source>
        <translation> 年</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="248"/>
        <source>Year:</source>
        <translation>年度：</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="255"/>
        <source>Type a value over a cell, Enter or Tab to keep it; Delete clears it. Empty (—) means not reported, which is not 0. One year per month or per quarter.</source>
        <translation>在格子里直接输入数值，按回车或 Tab 确认；Delete 清空。空（—）表示未填报，不等于 0。同一年按月或按季度填报，只能选一种。</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="351"/>
        <source>Set %1 for %2</source>
        <translation>填报 %1（%2）</translation>
    </message>
</context>
<context>
    <name>IndicatorModel</name>
    <message>
        <location filename="../../gui/indicator_grid.py" line="68"/>
        <source>Indicator</source>
        <translation>统计指标</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="69"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="70"/>
        <source>Summed as</source>
        <translation>汇总方式</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="71"/>
        <source>Month %1</source>
        <translation>%1月</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="72"/>
        <source>Q1</source>
        <translation>第一季度</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="73"/>
        <source>Q2</source>
        <translation>第二季度</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="74"/>
        <source>Q3</source>
        <translation>第三季度</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="75"/>
        <source>Q4</source>
        <translation>第四季度</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="76"/>
        <source>Whole year</source>
        <translation>全年</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="158"/>
        <source>Worked out of the months of this quarter, as its ledger gives it</source>
        <translation>由本季度各月汇总，与本季度台账一致</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="159"/>
        <source>by month</source>
        <translation>按月</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="159"/>
        <source>by quarter</source>
        <translation>按季度</translation>
    </message>
    <message>
        <location filename="../../gui/indicator_grid.py" line="160"/>
        <source>This year is reported %1</source>
        <translation>这一年是%1填报的</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="133"/>
        <source>Search title, place, organizer, partners, notes… (Ctrl+F)</source>
        <translation>搜索活动名称、地点、主办单位、联合单位、备注…（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="155"/>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="246"/>
        <source>&amp;New activity…</source>
        <translation>新增记录(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="250"/>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="254"/>
        <source>D&amp;uplicate…</source>
        <translation>复制为新记录(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="258"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="262"/>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="266"/>
        <source>&amp;Copy rows</source>
        <translation>复制所选行(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="273"/>
        <location filename="../../gui/main_window.py" line="277"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="278"/>
        <location filename="../../gui/main_window.py" line="281"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="287"/>
        <source>&amp;Export ledger…</source>
        <translation>导出台账(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="291"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="295"/>
        <source>Export exchange &amp;package…</source>
        <translation>导出交换包(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="298"/>
        <source>Import exchange packa&amp;ge…</source>
        <translation>导入交换包(&amp;G)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="300"/>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="301"/>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="303"/>
        <source>Recycle &amp;bin</source>
        <translation>回收站(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="307"/>
        <source>Bureau and &amp;staff…</source>
        <translation>填报单位和填报人(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="308"/>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="310"/>
        <source>Restore from a bac&amp;kup…</source>
        <translation>从备份恢复(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="313"/>
        <source>&amp;History of changes…</source>
        <translation>修改历史(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="316"/>
        <source>E&amp;vidence…</source>
        <translation>佐证材料(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="317"/>
        <source>The record&apos;s evidence files: sign-in sheets, photos, notices</source>
        <translation>这条记录的佐证材料：签到表、照片、通知等</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="319"/>
        <source>&amp;New database…</source>
        <translation>新建数据库(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="321"/>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="323"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="324"/>
        <source>&amp;About Taizhang</source>
        <translation>关于台账(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="325"/>
        <source>&amp;How to use</source>
        <translation>使用说明(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="326"/>
        <source>&amp;Summary…</source>
        <translation>汇总(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="328"/>
        <source>Standing &amp;indicators…</source>
        <translation>统计指标(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="334"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="345"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="355"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="360"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="364"/>
        <location filename="../../gui/main_window.py" line="1289"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="367"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1054"/>
        <source>Nothing was restored: the data, and what Ctrl+Z undoes, are as before.</source>
        <translation>未恢复：数据和 Ctrl+Z 可撤销的操作都和原来一样。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="1069"/>
        <source>%n evidence file(s) of the restored records were not in the backup and were not restored:</source>
        <translation>
            <numerusform>恢复的记录有 %n 个佐证材料文件在备份里没有，未能恢复：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1072"/>
        <source>Evidence not restored</source>
        <translation>佐证材料未能恢复</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="1123"/>
        <source>%n of them also have “%1” as organizer (an empty organizer is the unit): it becomes “%2” too.</source>
        <translation>
            <numerusform>其中 %n 条的主办单位也是“%1”（主办单位不填即为填报单位），将一并改为“%2”。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="1366"/>
        <source>… and %n more (Show Details…)</source>
        <translation>
            <numerusform>……另有 %n 项（见“显示详情”）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/quit_backup.py" line="74"/>
        <source>Backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="573"/>
        <source>Copied %n row(s)</source>
        <translation>
            <numerusform>已复制 %n 行，可粘贴到 WPS/Excel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="598"/>
        <source>%n record(s)</source>
        <translation>
            <numerusform>共 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="626"/>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="727"/>
        <source>Add “%1”</source>
        <translation>新增“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="751"/>
        <source>Edit “%1”</source>
        <translation>编辑“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="783"/>
        <source>Show it</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="780"/>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="782"/>
        <source>Saved; the current filters do not show it.</source>
        <translation>已保存；当前的筛选条件下不显示。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="849"/>
        <source>Delete %n record(s)</source>
        <translation>
            <numerusform>删除 %n 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="875"/>
        <source>Restore %n record(s)</source>
        <translation>
            <numerusform>恢复 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="915"/>
        <source>Import activities</source>
        <translation>导入活动记录</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="919"/>
        <source>Spreadsheets (*.xlsx *.xlsm *.csv *.txt *.xls *.et *.ods);;All files (*)</source>
        <translation>表格文件 (*.xlsx *.xlsm *.csv *.txt *.xls *.et *.ods);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="953"/>
        <source>Import %n record(s)</source>
        <translation>
            <numerusform>导入 %n 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="787"/>
        <source>Imported %n record(s).</source>
        <translation>
            <numerusform>已导入 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="116"/>
        <source>This file is a copy of another ledger file: it is a database of its own now. The records it held when copied stay the original&apos;s.</source>
        <translation>这个文件是从另一个台账文件复制来的，现在是一个单独的数据库（已换上自己的数据库编号）；复制时已有的记录仍属于原来的数据库。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="145"/>
        <source>Recycle bin: the records deleted, of every period; they count nowhere. Select and choose Restore to bring them back.</source>
        <translation>回收站：所有期间删除的记录都在这里，它们不计入台账。选中记录后点“恢复”即可找回。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="624"/>
        <source>%1 - %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="789"/>
        <location filename="../../gui/main_window.py" line="950"/>
        <source>Skipped %n repeated record(s).</source>
        <translation>
            <numerusform>已跳过 %n 条重复记录。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="801"/>
        <source>They are in %1.</source>
        <translation>在%1。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="802"/>
        <source>Show them</source>
        <translation>显示</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="854"/>
        <source>%n record(s) moved to the recycle bin (Ctrl+Z undoes it).</source>
        <translation>
            <numerusform>已将 %n 条记录移到回收站（Ctrl+Z 可撤销）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="878"/>
        <source>%n record(s) restored from the recycle bin (Ctrl+Z undoes it).</source>
        <translation>
            <numerusform>已从回收站恢复 %n 条记录（Ctrl+Z 可撤销）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="945"/>
        <source>When the window was last closed, an import was still running. It ran to its end: %n record(s) of “%1” were imported.</source>
        <translation>
            <numerusform>上次关闭窗口时，导入还在进行。它已全部完成：从“%1”导入了 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="985"/>
        <source>Import exchange package</source>
        <translation>导入交换包</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="987"/>
        <source>Exchange packages (*.tzpkg)</source>
        <translation>交换包 (*.tzpkg)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1001"/>
        <source>Backed up</source>
        <translation>备份完成</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1001"/>
        <source>Backed up to:</source>
        <translation>已备份到：</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1031"/>
        <source>Restored the backup of %1. The data as it was before is kept in %2.</source>
        <translation>已恢复到 %1 的备份。恢复前的数据另存在 %2。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1035"/>
        <source>Restored the backup file %1. The data as it was before is kept in %2.</source>
        <translation>已从备份文件“%1”恢复。恢复前的数据保存在“%2”。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1109"/>
        <source>Reporting unit</source>
        <translation>填报单位</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="1110"/>
        <source>%n record(s) saved in this database carry “%1” as their unit. Give them “%2” too?</source>
        <translation>
            <numerusform>本库录入的 %n 条记录的填报单位是“%1”。也改为“%2”吗？</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1142"/>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1144"/>
        <location filename="../../gui/main_window.py" line="1154"/>
        <source>Taizhang database (*.db)</source>
        <translation>台账数据库 (*.db)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1152"/>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1168"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1170"/>
        <source>The language changes the next time Taizhang starts.</source>
        <translation>界面语言将在下次启动时切换。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1280"/>
        <source>Ledger &amp;template…</source>
        <translation>台账模板(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1282"/>
        <source>E&amp;xport template…</source>
        <translation>导出模板(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1285"/>
        <source>I&amp;mport template…</source>
        <translation>导入模板(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1288"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1323"/>
        <source>Export template</source>
        <translation>导出模板</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1324"/>
        <source>template.xlsx</source>
        <translation>台账模板.xlsx</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1325"/>
        <location filename="../../gui/main_window.py" line="1352"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1333"/>
        <source>Template exported</source>
        <translation>模板已导出</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1334"/>
        <source>Written to:</source>
        <translation>已保存到：</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1350"/>
        <location filename="../../gui/main_window.py" line="1373"/>
        <source>Import template</source>
        <translation>导入模板</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1383"/>
        <source>The workbook holds the template as it is: nothing to change.</source>
        <translation>工作簿中的模板与现在的相同，无需修改。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1403"/>
        <source>Import template (%1)</source>
        <translation>导入模板（%1）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="103"/>
        <location filename="../../gui/main_window.py" line="1178"/>
        <location filename="../../gui/main_window.py" line="1272"/>
        <source>Not done</source>
        <translation>操作未完成</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1116"/>
        <source>Otherwise the ledger lists them as another unit. Records that came from other units&apos; packages keep their own unit. Your next exchange package takes the new name to the offices that have these records.</source>
        <translation>不改的话，台账会把它们当作另一个单位列出。从其他单位的交换包收到的记录保留各自的单位。下次导出的交换包会把新名称带给有这些记录的单位。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1212"/>
        <source>Log each activity once: Ctrl+N, pick its type, fill in the form, Enter saves. “Save and new” keeps the type, date and place for the next one.

Choose the period at the top and a section or type on the left; type in the search box to find records by title, place, organizer, partners or notes.

Ctrl+E exports the ledger of a quarter (or month, or year) as an Excel workbook: a summary sheet and one sheet per section.

Deleted records go to the recycle bin (View → Recycle bin) and can be restored. Ctrl+Z undoes, Ctrl+Y redoes.</source>
        <translation>每项活动只需记录一次：按 Ctrl+N，选择活动类型，填写表单，按回车保存。“保存并新增”会保留活动类型、日期和地点，方便接着录入下一条。

在上方选择期间，在左侧选择工作板块或活动类型；在搜索框中输入文字，可按活动名称、地点、主办单位、联合单位或备注查找记录。

按 Ctrl+E 可把一个季度（或月份、年度）的台账导出为 Excel 工作簿：一张汇总表，每个工作板块一张明细表。

删除的记录会移到回收站（视图 → 回收站），可以恢复。Ctrl+Z 撤销，Ctrl+Y 重做。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="1221"/>
        <source>How to use</source>
        <translation>使用说明</translation>
    </message>
</context>
<context>
    <name>OpeningElsewhere</name>
    <message>
        <location filename="../../gui/app.py" line="541"/>
        <source>Taizhang is still opening “%1” and is waiting for an answer to its question about the file; that question has been brought to the front. Answer it there first.</source>
        <translation>台账正在打开“%1”，窗口还没有出现：它在等您回答关于这个文件的问题，那个问题已放到最前面，请先回答。
Taizhang is still opening “%1” and is waiting for an answer to its question about the file; that question has been brought to the front. Answer it there first.</translation>
    </message>
    <message>
        <location filename="../../gui/app.py" line="548"/>
        <source>Taizhang is still opening “%1”; its window will appear in a moment.</source>
        <translation>台账正在打开“%1”，窗口稍后就会出现。
Taizhang is still opening “%1”; its window will appear in a moment.</translation>
    </message>
</context>
<context>
    <name>PendingEvidence</name>
    <message>
        <location filename="../../gui/pending_evidence.py" line="43"/>
        <source>Drop files here, or Add files…</source>
        <translation>把文件拖到这里，或点“添加文件”</translation>
    </message>
    <message>
        <location filename="../../gui/pending_evidence.py" line="46"/>
        <source>&amp;Add files…</source>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../gui/pending_evidence.py" line="47"/>
        <source>Saved with the record; or drop files on the list</source>
        <translation>随记录一起保存；也可把文件拖到列表上</translation>
    </message>
    <message>
        <location filename="../../gui/pending_evidence.py" line="49"/>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/pending_evidence.py" line="50"/>
        <source>Not saved with the record</source>
        <translation>不随记录保存</translation>
    </message>
    <message>
        <location filename="../../gui/pending_evidence.py" line="91"/>
        <source>Evidence</source>
        <translation>佐证材料</translation>
    </message>
</context>
<context>
    <name>PeriodBar</name>
    <message>
        <location filename="../../gui/period_bar.py" line="30"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="31"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="32"/>
        <source>Half-year</source>
        <translation>半年</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="33"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="34"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="35"/>
        <source>Date range</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="42"/>
        <source>Previous period</source>
        <translation>上一期间</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="45"/>
        <source> (year)</source>
        <translation> 年</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="49"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="53"/>
        <source>Next period</source>
        <translation>下一期间</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="56"/>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="57"/>
        <source>This half-year</source>
        <translation>本半年</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="58"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="197"/>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="73"/>
        <source>First half</source>
        <translation>上半年</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="73"/>
        <source>Second half</source>
        <translation>下半年</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="74"/>
        <source>Q1</source>
        <translation>第一季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="74"/>
        <source>Q2</source>
        <translation>第二季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="74"/>
        <source>Q3</source>
        <translation>第三季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="74"/>
        <source>Q4</source>
        <translation>第四季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="75"/>
        <source>Month %1</source>
        <translation>%1月</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="209"/>
        <source>“%1” is not a date; the range stays as it was.</source>
        <translation>“%1”不是有效的日期，期间保持不变。</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="212"/>
        <source>The range starts after it ends; it stays as it was.</source>
        <translation>开始日期晚于结束日期，期间保持不变。</translation>
    </message>
</context>
<context>
    <name>ReadOnlyPlace</name>
    <message>
        <location filename="../../gui/app.py" line="144"/>
        <source>It is opened read-only: you can look at it, export it and back it up, but not change it.</source>
        <translation>已只读打开：可以查看、导出和备份，但不能修改。</translation>
    </message>
</context>
<context>
    <name>SectionTree</name>
    <message>
        <location filename="../../gui/section_tree.py" line="51"/>
        <source>Section / type</source>
        <translation>工作板块 / 活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/section_tree.py" line="51"/>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <location filename="../../gui/section_tree.py" line="64"/>
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <location filename="../../gui/section_tree.py" line="67"/>
        <source> (archived)</source>
        <translation>（停用）</translation>
    </message>
    <message>
        <location filename="../../gui/section_tree.py" line="128"/>
        <source>By unit</source>
        <translation>按单位</translation>
    </message>
    <message>
        <location filename="../../gui/section_tree.py" line="130"/>
        <source>The units the records come from (填报单位)</source>
        <translation>记录来自哪些填报单位</translation>
    </message>
    <message>
        <location filename="../../gui/section_tree.py" line="135"/>
        <source>(no unit given)</source>
        <translation>（未填单位）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/settings_dialog.py" line="16"/>
        <source>Welcome to Taizhang</source>
        <translation>欢迎使用科技工作台账</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="16"/>
        <source>Bureau and staff</source>
        <translation>填报单位和填报人</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="21"/>
        <source>Please enter your bureau and your name.
They appear on every exported ledger and can be changed later under File.</source>
        <translation>请填写填报单位和填报人。
它们会出现在每一份导出的台账上，以后可在“文件”菜单中修改。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="29"/>
        <source>e.g. 某某县科学技术局</source>
        <translation>例如：某某县科学技术局</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="31"/>
        <source>e.g. 张三</source>
        <translation>例如：张三</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="33"/>
        <source>Bureau (填报单位)</source>
        <translation>填报单位</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="34"/>
        <source>Staff member (填报人)</source>
        <translation>填报人</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="36"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <location filename="../../gui/summary_view.py" line="239"/>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="249"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="275"/>
        <location filename="../../gui/summary_view.py" line="474"/>
        <source>Last year</source>
        <translation>上年</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="275"/>
        <location filename="../../gui/summary_view.py" line="474"/>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="276"/>
        <source>(shaded: the quarter of the period)</source>
        <translation>（底色：本期所在季度）</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="317"/>
        <source>Summary of %1</source>
        <translation>%1 汇总</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="434"/>
        <source>Target of %1</source>
        <translation>%1 的年度目标</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="475"/>
        <source>Page %1 of %2</source>
        <translation>第 %1 页 共 %2 页</translation>
    </message>
</context>
<context>
    <name>SummaryModel</name>
    <message>
        <location filename="../../gui/summary_view.py" line="79"/>
        <source>Section</source>
        <translation>工作板块</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="79"/>
        <source>Type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="79"/>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="79"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="80"/>
        <source>This period</source>
        <translation>本期</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="80"/>
        <source>Year to date</source>
        <translation>本年累计</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="80"/>
        <source>Last year to date</source>
        <translation>上年同期累计</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="83"/>
        <source>Same span last year</source>
        <translation>上年同期</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="84"/>
        <source>Change (%)</source>
        <translation>同比增减(%)</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="84"/>
        <source>Annual target</source>
        <translation>年度目标</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="84"/>
        <source>Progress</source>
        <translation>完成进度</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="86"/>
        <source>By quarter</source>
        <translation>分季度对比</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="118"/>
        <source>Year to date against last year&apos;s same span to date, in %</source>
        <translation>本年累计比上年同期累计增减的百分比</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="131"/>
        <source>Standing indicator</source>
        <translation>统计指标</translation>
    </message>
    <message>
        <location filename="../../gui/summary_view.py" line="195"/>
        <source>Quarter %1: %2 this year, %3 last year</source>
        <translation>第%1季度：本年 %2，上年 %3</translation>
    </message>
</context>
<context>
    <name>SumsLabel</name>
    <message numerus="yes">
        <location filename="../../gui/sums_label.py" line="75"/>
        <source>… %n more sum(s)</source>
        <translation>
            <numerusform>…另 %n 项合计</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/sums_label.py" line="32"/>
        <source>Sums</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../gui/sums_label.py" line="97"/>
        <source>Sums of the records in the list</source>
        <translation>列表中记录的合计</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <location filename="../../gui/template_editor.py" line="85"/>
        <source>Ledger template</source>
        <translation>台账模板</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="553"/>
        <source>New section</source>
        <translation>新板块</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="581"/>
        <source>New field</source>
        <translation>新指标</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="115"/>
        <location filename="../../gui/template_editor.py" line="234"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="103"/>
        <source>Add section</source>
        <translation>新增板块</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="104"/>
        <source>Add type</source>
        <translation>新增活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="105"/>
        <source>Add field</source>
        <translation>新增指标</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="106"/>
        <source>Add indicator</source>
        <translation>添加统计指标</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="116"/>
        <location filename="../../gui/template_editor.py" line="235"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="117"/>
        <location filename="../../gui/template_editor.py" line="241"/>
        <source>Remove</source>
        <translation>删除/停用</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="118"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="127"/>
        <source>Removing an item that records use archives it: it is hidden from new entry and still counted where it has records. Unused items are deleted.</source>
        <translation>已有记录使用的项目删除后改为停用：不再录入，已有记录照常统计，可以恢复。没有记录使用的项目直接删除。</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="136"/>
        <location filename="../../gui/template_editor.py" line="350"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="141"/>
        <source>none</source>
        <translation>无（不计数）</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="147"/>
        <source>e.g. 国家级、省级、市级、县级</source>
        <translation>如 国家级、省级、市级、县级</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="148"/>
        <source>Must be filled in</source>
        <translation>录入时必须填写</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="155"/>
        <source>Cumulative: the values of a span add up (e.g. contract turnover); end of period: the latest value in the span counts (e.g. high-tech enterprises)</source>
        <translation>累计：一段时间内各月（季）的数值相加，如技术合同成交额；期末：取这段时间内最近一次填报的数值，如高新技术企业总数</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="161"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="163"/>
        <source>Count unit</source>
        <translation>计数单位</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="164"/>
        <source>Counted by</source>
        <translation>计数方式</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="165"/>
        <source>Broken down by</source>
        <translation>分项统计</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="166"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="167"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="168"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="169"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="170"/>
        <source>Aggregation</source>
        <translation>汇总方式</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="196"/>
        <source>The summary sheet&apos;s rows of this type</source>
        <translation>这个活动类型在汇总表中的各行</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="197"/>
        <source>Summary rows (preview)</source>
        <translation>汇总表中的行（预览）</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="201"/>
        <source>A change is saved on Enter or on leaving the box; Ctrl+Z undoes it.</source>
        <translation>修改后按回车或离开输入框即保存；按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="209"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="210"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="211"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="212"/>
        <source>Template history…</source>
        <translation>模板修改历史…</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="283"/>
        <source>Indicator: %1</source>
        <translation>统计指标：%1</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="287"/>
        <source> (archived)</source>
        <translation>（停用）</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="162"/>
        <location filename="../../gui/template_editor.py" line="345"/>
        <source>Section</source>
        <translation>板块</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="346"/>
        <source>Activity type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="347"/>
        <source>Field</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="348"/>
        <source>Standing indicator</source>
        <translation>统计指标</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="359"/>
        <source>1 per record</source>
        <translation>每条记录计 1</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="361"/>
        <source>no breakdown</source>
        <translation>不分项</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="504"/>
        <source>Rename “%1” to “%2”</source>
        <translation>把“%1”改名为“%2”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="509"/>
        <source>Change “%1”</source>
        <translation>修改“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="531"/>
        <source>Not changed</source>
        <translation>未修改</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="559"/>
        <source>Add section “%1”</source>
        <translation>新增板块“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="568"/>
        <source>New activity type</source>
        <translation>新活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="573"/>
        <source>Add activity type “%1”</source>
        <translation>新增活动类型“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="586"/>
        <source>Add field “%1”</source>
        <translation>新增指标“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="595"/>
        <source>New indicator</source>
        <translation>新统计指标</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="600"/>
        <source>Add indicator “%1”</source>
        <translation>添加统计指标“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="628"/>
        <source>Move “%1”</source>
        <translation>移动“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="651"/>
        <source>Move “%1” to “%2”</source>
        <translation>把“%1”移到“%2”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="701"/>
        <source>Remove “%1”</source>
        <translation>删除/停用“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="710"/>
        <source>Restore “%1”</source>
        <translation>恢复“%1”</translation>
    </message>
</context>
<context>
    <name>TemplateHistoryDialog</name>
    <message>
        <location filename="../../gui/template_history.py" line="58"/>
        <source>Template history</source>
        <translation>模板修改历史</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="62"/>
        <source>When / who / what</source>
        <translation>时间 / 修改人 / 内容</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="62"/>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="62"/>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="81"/>
        <source>The template has not been changed yet.</source>
        <translation>模板还没有修改过。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/template_history.py" line="92"/>
        <source>Reordered (%n item(s))</source>
        <translation>
            <numerusform>调整顺序（%n 项）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="105"/>
        <source>section</source>
        <translation>板块</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="106"/>
        <source>activity type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="107"/>
        <source>field</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="108"/>
        <source>indicator</source>
        <translation>统计指标</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="111"/>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="112"/>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="113"/>
        <location filename="../../gui/template_history.py" line="146"/>
        <source>Archived</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="114"/>
        <source>Restored</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="115"/>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="121"/>
        <source>Renamed</source>
        <translation>改名</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="125"/>
        <source>Moved</source>
        <translation>移动</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="91"/>
        <location filename="../../gui/template_history.py" line="128"/>
        <source>(no name)</source>
        <translation>（未填姓名）</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="96"/>
        <source>Position of “%1”</source>
        <translation>“%1”的顺序</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="134"/>
        <location filename="../../gui/template_history.py" line="135"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="136"/>
        <source>Section</source>
        <translation>板块</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="137"/>
        <source>Activity type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="138"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="139"/>
        <source>Count unit</source>
        <translation>计数单位</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="140"/>
        <source>Counted by</source>
        <translation>计数方式</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="141"/>
        <source>Broken down by</source>
        <translation>分项统计</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="142"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="143"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="144"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="145"/>
        <source>Aggregation</source>
        <translation>汇总方式</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="147"/>
        <source>Position</source>
        <translation>顺序</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="172"/>
        <source>1 per record</source>
        <translation>每条记录计 1</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="181"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="181"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../gui/template_history.py" line="183"/>
        <source>none</source>
        <translation>无（不计数）</translation>
    </message>
</context>
<context>
    <name>WindowSteps</name>
    <message>
        <location filename="../../gui/undo.py" line="107"/>
        <source>Not undone here: the last step, “%1”, was not made in this window. Undo it in the main window (Ctrl+Z there).</source>
        <translation>这里没有撤销：上一步“%1”不是在这个窗口里做的，请到主窗口撤销（在主窗口按 Ctrl+Z）。</translation>
    </message>
    <message>
        <location filename="../../gui/undo.py" line="117"/>
        <source>Not redone here: the next step, “%1”, was not made in this window. Redo it in the main window (Ctrl+Y there).</source>
        <translation>这里没有重做：下一步“%1”不是在这个窗口里做的，请到主窗口重做（在主窗口按 Ctrl+Y）。</translation>
    </message>
</context>
</TS>
