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
        <location filename="../../gui/activity_dialog.py" line="65"/>
        <source>Edit activity</source>
        <translation>编辑活动记录</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="65"/>
        <source>New activity</source>
        <translation>新增活动记录</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="87"/>
        <source>Type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="90"/>
        <source>until</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="102"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="106"/>
        <source>e.g. Spring training class on fruit growing</source>
        <translation>例如：春季果树栽培技术培训班</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="107"/>
        <source>Title</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="111"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="112"/>
        <source>Organizer</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="113"/>
        <source>Partners</source>
        <translation>联合单位</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="114"/>
        <source>Audience</source>
        <translation>参与对象</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="115"/>
        <source>Handled by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="125"/>
        <source>empty: the bureau</source>
        <translation>不填则为填报单位</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="126"/>
        <source>empty: the staff member</source>
        <translation>不填则为填报人</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="131"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="147"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="150"/>
        <source>Save and new</source>
        <translation>保存并新增</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="200"/>
        <source>type to filter, e.g. 培训</source>
        <translation>输入文字筛选，例如：培训</translation>
    </message>
    <message>
        <location filename="../../gui/activity_dialog.py" line="243"/>
        <source>Figures of %1</source>
        <translation>%1的指标</translation>
    </message>
</context>
<context>
    <name>ActivityModel</name>
    <message>
        <location filename="../../gui/activity_model.py" line="39"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="40"/>
        <source>Type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="41"/>
        <source>Title</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="42"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="43"/>
        <source>Organizer</source>
        <translation>主办单位</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="44"/>
        <source>Partners</source>
        <translation>联合单位</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="45"/>
        <source>Audience</source>
        <translation>参与对象</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="46"/>
        <source>Figures</source>
        <translation>主要指标</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="47"/>
        <source>Handled by</source>
        <translation>经办人</translation>
    </message>
    <message>
        <location filename="../../gui/activity_model.py" line="48"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../gui/backup_dialog.py" line="29"/>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="33"/>
        <source>Choose the backup to go back to. The data as it is now is backed up first, so a restore can itself be undone by restoring that backup.</source>
        <translation>请选择要恢复到的备份。恢复前会先把当前数据备份一份，所以恢复之后还可以再恢复回来。</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="39"/>
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="39"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="39"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="56"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="76"/>
        <source>Restore?</source>
        <translation>确定恢复？</translation>
    </message>
    <message>
        <location filename="../../gui/backup_dialog.py" line="77"/>
        <source>Replace the data with the backup of %1?</source>
        <translation>要用 %1 的备份替换当前数据吗？</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../gui/export_dialog.py" line="46"/>
        <source>Export ledger</source>
        <translation>导出台账</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="53"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="61"/>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="62"/>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="63"/>
        <location filename="../../gui/export_dialog.py" line="83"/>
        <source>Folder</source>
        <translation>保存位置</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="66"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="98"/>
        <source>Replace file?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="99"/>
        <source>“%1” already exists. Replace it?</source>
        <translation>“%1”已存在，要替换吗？</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="105"/>
        <source>Exporting the ledger…</source>
        <translation>正在导出台账…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="135"/>
        <location filename="../../gui/export_dialog.py" line="140"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="141"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="142"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="153"/>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="163"/>
        <source>Exported</source>
        <translation>导出完成</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/export_dialog.py" line="164"/>
        <source>The ledger was saved (%n record(s)):</source>
        <translation>
            <numerusform>台账已保存（共 %n 条记录）：</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="169"/>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../gui/export_dialog.py" line="170"/>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../gui/history_dialog.py" line="25"/>
        <source>History of “%1”</source>
        <translation>“%1”的修改记录</translation>
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
        <location filename="../../gui/history_dialog.py" line="40"/>
        <source>No changes have been recorded for this record.</source>
        <translation>这条记录还没有修改记录。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../gui/import_dialog.py" line="34"/>
        <source>Import %1</source>
        <translation>导入 %1</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="36"/>
        <source>Checking “%1”…</source>
        <translation>正在检查“%1”…</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="40"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="40"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="40"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../gui/import_dialog.py" line="48"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="71"/>
        <source>%n record(s) can be imported. Nothing has been written yet.</source>
        <translation>
            <numerusform>检查通过：可导入 %n 条记录。尚未写入任何数据。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/import_dialog.py" line="80"/>
        <source>%n row(s) have problems. Nothing will be imported until the file is corrected:</source>
        <translation>
            <numerusform>有 %n 行存在问题。请先修改文件，改好之前不会导入任何数据：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../gui/main_window.py" line="100"/>
        <source>Search title, place, organizer, partners, notes… (Ctrl+F)</source>
        <translation>搜索活动名称、地点、主办单位、联合单位、备注…（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="112"/>
        <source>Recycle bin: these records count nowhere. Select and choose Restore to bring them back.</source>
        <translation>回收站：这里的记录不计入台账。选中记录后点“恢复”即可找回。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="122"/>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="193"/>
        <source>&amp;New activity…</source>
        <translation>新增记录(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="197"/>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="201"/>
        <source>D&amp;uplicate…</source>
        <translation>复制(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="205"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="209"/>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="216"/>
        <location filename="../../gui/main_window.py" line="220"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="221"/>
        <location filename="../../gui/main_window.py" line="224"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="226"/>
        <source>&amp;Export ledger…</source>
        <translation>导出台账(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="230"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="233"/>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="234"/>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="236"/>
        <source>Recycle &amp;bin</source>
        <translation>回收站(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="240"/>
        <source>Bureau and &amp;staff…</source>
        <translation>填报单位和填报人(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="241"/>
        <source>&amp;Back up now</source>
        <translation>立即备份(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="243"/>
        <source>Restore from a bac&amp;kup…</source>
        <translation>从备份恢复(&amp;K)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="246"/>
        <source>&amp;History of changes…</source>
        <translation>修改记录(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="248"/>
        <source>&amp;New database…</source>
        <translation>新建数据库(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="250"/>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="252"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="253"/>
        <source>&amp;About Taizhang</source>
        <translation>关于台账(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="254"/>
        <source>&amp;How to use</source>
        <translation>使用说明(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="259"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="269"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="279"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="282"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="286"/>
        <location filename="../../gui/main_window.py" line="705"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="289"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="331"/>
        <source>Backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="400"/>
        <source>%n record(s)</source>
        <translation>
            <numerusform>共 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="427"/>
        <source>%1 - Science and technology work ledger - %2</source>
        <translation>%1 - 科技工作台账 - %2</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="431"/>
        <source>Science and technology work ledger - %1</source>
        <translation>科技工作台账 - %1</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="436"/>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="509"/>
        <source>Add “%1”</source>
        <translation>新增“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="520"/>
        <source>Edit “%1”</source>
        <translation>修改“%1”</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="537"/>
        <source>Delete %n record(s)</source>
        <translation>
            <numerusform>删除 %n 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="543"/>
        <source>Restore %n record(s)</source>
        <translation>
            <numerusform>恢复 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="567"/>
        <source>Import activities</source>
        <translation>导入活动记录</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="569"/>
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation>表格文件 (*.xlsx *.csv)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="582"/>
        <source>Import %n record(s)</source>
        <translation>
            <numerusform>导入 %n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="591"/>
        <source>Backed up</source>
        <translation>备份完成</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="591"/>
        <source>Backed up to:</source>
        <translation>已备份到：</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="642"/>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="642"/>
        <location filename="../../gui/main_window.py" line="649"/>
        <source>Taizhang database (*.db)</source>
        <translation>台账数据库 (*.db)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="649"/>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="663"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="664"/>
        <source>The language changes the next time Taizhang starts.</source>
        <translation>The language changes the next time Taizhang starts.</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="696"/>
        <source>Ledger &amp;template…</source>
        <translation>台账模板(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="698"/>
        <source>E&amp;xport template…</source>
        <translation>导出模板(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="701"/>
        <source>I&amp;mport template…</source>
        <translation>导入模板(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="704"/>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="739"/>
        <source>Export template</source>
        <translation>导出模板</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="740"/>
        <source>template.xlsx</source>
        <translation>台账模板.xlsx</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="741"/>
        <location filename="../../gui/main_window.py" line="768"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="749"/>
        <source>Template exported</source>
        <translation>模板已导出</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="750"/>
        <source>Written to:</source>
        <translation>已保存到：</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="766"/>
        <location filename="../../gui/main_window.py" line="782"/>
        <source>Import template</source>
        <translation>导入模板</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="785"/>
        <source>The template was not imported; nothing was changed.</source>
        <translation>模板未导入，未做任何修改。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="792"/>
        <source>The workbook holds the template as it is: nothing to change.</source>
        <translation>工作簿中的模板与现在的相同，无需修改。</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="810"/>
        <source>Import template (%1)</source>
        <translation>导入模板（%1）</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="84"/>
        <location filename="../../gui/main_window.py" line="672"/>
        <source>Not done</source>
        <translation>操作未完成</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="681"/>
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
        <location filename="../../gui/main_window.py" line="690"/>
        <source>How to use</source>
        <translation>使用说明</translation>
    </message>
</context>
<context>
    <name>PeriodBar</name>
    <message>
        <location filename="../../gui/period_bar.py" line="27"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="27"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="27"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="27"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="34"/>
        <source>Previous period</source>
        <translation>上一期间</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="37"/>
        <source> (year)</source>
        <translation> 年</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="41"/>
        <source>Next period</source>
        <translation>下一期间</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="43"/>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="53"/>
        <source>Q1</source>
        <translation>第一季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="53"/>
        <source>Q2</source>
        <translation>第二季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="53"/>
        <source>Q3</source>
        <translation>第三季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="53"/>
        <source>Q4</source>
        <translation>第四季度</translation>
    </message>
    <message>
        <location filename="../../gui/period_bar.py" line="54"/>
        <source>Month %1</source>
        <translation>%1月</translation>
    </message>
</context>
<context>
    <name>SectionTree</name>
    <message>
        <location filename="../../gui/section_tree.py" line="22"/>
        <source>Section / type</source>
        <translation>工作板块 / 活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/section_tree.py" line="22"/>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <location filename="../../gui/section_tree.py" line="33"/>
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <location filename="../../gui/section_tree.py" line="36"/>
        <source> (archived)</source>
        <translation>（停用）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../gui/settings_dialog.py" line="22"/>
        <source>Welcome to Taizhang</source>
        <translation>欢迎使用科技工作台账</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="22"/>
        <source>Bureau and staff</source>
        <translation>填报单位和填报人</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="28"/>
        <source>Please enter your bureau and your name. They appear on every exported ledger and can be changed later under File.</source>
        <translation>请填写填报单位和填报人。它们会出现在每一份导出的台账上，以后可在“文件”菜单中修改。</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="35"/>
        <source>e.g. 某某县科学技术局</source>
        <translation>例如：某某县科学技术局</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="37"/>
        <source>e.g. 张三</source>
        <translation>例如：张三</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="39"/>
        <source>Bureau (填报单位)</source>
        <translation>填报单位</translation>
    </message>
    <message>
        <location filename="../../gui/settings_dialog.py" line="40"/>
        <source>Staff member (填报人)</source>
        <translation>填报人</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <location filename="../../gui/template_editor.py" line="78"/>
        <source>Ledger template</source>
        <translation>台账模板</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="455"/>
        <source>New section</source>
        <translation>新板块</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="483"/>
        <source>New field</source>
        <translation>新指标</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="98"/>
        <location filename="../../gui/template_editor.py" line="193"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="92"/>
        <source>Add section</source>
        <translation>新增板块</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="93"/>
        <source>Add type</source>
        <translation>新增活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="94"/>
        <source>Add field</source>
        <translation>新增指标</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="99"/>
        <location filename="../../gui/template_editor.py" line="194"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="100"/>
        <location filename="../../gui/template_editor.py" line="200"/>
        <source>Remove</source>
        <translation>删除/停用</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="101"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="110"/>
        <source>Removing an item that records use archives it: it is hidden from new entry and still counted where it has records. Unused items are deleted.</source>
        <translation>已有记录使用的项目删除后改为停用：不再录入，已有记录照常统计，可以恢复。没有记录使用的项目直接删除。</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="119"/>
        <location filename="../../gui/template_editor.py" line="293"/>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="124"/>
        <source>none</source>
        <translation>无（不计数）</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="130"/>
        <source>e.g. 国家级、省级、市级、县级</source>
        <translation>如 国家级、省级、市级、县级</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="131"/>
        <source>Must be filled in</source>
        <translation>录入时必须填写</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="134"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="135"/>
        <source>Count unit</source>
        <translation>计数单位</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="136"/>
        <source>Counted by</source>
        <translation>计数方式</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="137"/>
        <source>Broken down by</source>
        <translation>分项统计</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="138"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="139"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="140"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="141"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="159"/>
        <source>The summary sheet&apos;s rows of this type</source>
        <translation>这个活动类型在汇总表中的各行</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="160"/>
        <source>Summary rows (preview)</source>
        <translation>汇总表中的行（预览）</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="164"/>
        <source>A change is saved on Enter or on leaving the box; Ctrl+Z undoes it.</source>
        <translation>修改后按回车或离开输入框即保存；按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="172"/>
        <location filename="../../gui/template_editor.py" line="190"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="173"/>
        <location filename="../../gui/template_editor.py" line="191"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="174"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="237"/>
        <source> (archived)</source>
        <translation>（停用）</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="289"/>
        <source>Section</source>
        <translation>板块</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="290"/>
        <source>Activity type</source>
        <translation>活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="291"/>
        <source>Field</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="302"/>
        <source>1 per record</source>
        <translation>每条记录计 1</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="304"/>
        <source>no breakdown</source>
        <translation>不分项</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="409"/>
        <source>Rename “%1” to “%2”</source>
        <translation>把“%1”改名为“%2”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="414"/>
        <source>Change “%1”</source>
        <translation>修改“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="436"/>
        <source>Not changed</source>
        <translation>未修改</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="461"/>
        <source>Add section “%1”</source>
        <translation>新增板块“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="470"/>
        <source>New activity type</source>
        <translation>新活动类型</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="475"/>
        <source>Add activity type “%1”</source>
        <translation>新增活动类型“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="488"/>
        <source>Add field “%1”</source>
        <translation>新增指标“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="516"/>
        <source>Move “%1”</source>
        <translation>移动“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="531"/>
        <source>Remove “%1”</source>
        <translation>删除/停用“%1”</translation>
    </message>
    <message>
        <location filename="../../gui/template_editor.py" line="540"/>
        <source>Restore “%1”</source>
        <translation>恢复“%1”</translation>
    </message>
</context>
</TS>
