; Inno Setup script for Taizhang (科技工作台账): a per-user installer, no administrator rights.
;
; Built by build\package.ps1 after the program folder dist\Taizhang\, which passes the
; version from core\version.py:
;   ISCC.exe /DMyAppVersion=<version> build\installer.iss
; Needs Inno Setup 6.3 or newer. Makes dist\Taizhang-<version>-setup.exe.
;
; Installs into %LOCALAPPDATA%\Programs\Taizhang with a start-menu entry and a desktop
; shortcut. The data is elsewhere (%LOCALAPPDATA%\Taizhang\taizhang.db and its backups,
; settings under HKCU\Software\Taizhang): the uninstaller removes only what it installed,
; so there is no [UninstallDelete] section, and none may be added for the data.

#ifndef MyAppVersion
  #error Pass the version: ISCC.exe /DMyAppVersion=<version> build\installer.iss (build\package.ps1 does)
#endif
#define MyAppName "科技工作台账"
#define MyAppExe "Taizhang.exe"

[Setup]
; The AppId identifies the program for upgrades and uninstalling: never change it.
AppId={{30654DD2-8DFB-4B75-A4A7-4F2FB9FE40D9}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppVerName={#MyAppName} {#MyAppVersion}
; Per user, without administrator rights: {autopf} is %LOCALAPPDATA%\Programs here.
PrivilegesRequired=lowest
DefaultDirName={autopf}\Taizhang
DefaultGroupName={#MyAppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=Taizhang-{#MyAppVersion}-setup
SetupIconFile=..\resources\icons\taizhang.ico
UninstallDisplayIcon={app}\{#MyAppExe}
UninstallDisplayName={#MyAppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running Taizhang is closed before its files are replaced (the data is safe: every
; change is committed when it is made).
CloseApplications=yes
RestartApplications=no

[Languages]
#ifexist AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole program folder's libraries, so none of an older version's
; stay behind. Only the program's own files are here; the data never is.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\Taizhang\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"
Name: "{autodesktop}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#MyAppExe}"; Description: "{cm:LaunchProgram,{#MyAppName}}"; Flags: nowait postinstall skipifsilent
