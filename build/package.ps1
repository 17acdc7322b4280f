<#
.SYNOPSIS
  Build Taizhang on Windows: what `make package` does on Linux, then the installer.

.DESCRIPTION
  From the source folder, in PowerShell:
      powershell -ExecutionPolicy Bypass -File build\package.ps1
  Needs Python 3.11 (64-bit, from python.org, with the "py" launcher) and, for the
  installer, Inno Setup 6.3 or newer. Makes:
      dist\Taizhang\                          the program folder (Taizhang.exe)
      dist\Taizhang-<version>-windows-x64.zip  that folder, zipped
      dist\Taizhang-<version>-setup.exe        the per-user installer (with Inno Setup)
  and ends by running the bundle's self-test (taizhang-cli.exe --self-test).

.PARAMETER NoInstaller
  Build the folder and the zip only.
#>
param([switch]$NoInstaller)

$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

function Invoke-Checked([string]$Program, [string[]]$Arguments) {
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "$Program $($Arguments -join ' ') failed (exit code $LASTEXITCODE)"
    }
}

# 1. The virtual environment, as `make` sets it up, with PyInstaller (requirements-build.txt).
$Python = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $Python)) {
    Invoke-Checked "py" @("-3.11", "-m", "venv", ".venv")
    Invoke-Checked $Python @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
}
Invoke-Checked $Python @("-m", "pip", "install", "--quiet", "-r", "requirements-build.txt")

# 2. The program folder and the zip (build\package.py, the same as on Linux).
Invoke-Checked $Python @("build\package.py")
$Version = (& $Python -c "from core.version import __version__; print(__version__)").Trim()

# 3. The installer, with the version from core\version.py.
if (-not $NoInstaller) {
    $Iscc = (Get-Command "ISCC.exe" -ErrorAction SilentlyContinue).Source
    if (-not $Iscc) {
        $Candidates = @(
            "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
            "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
            "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe"
        )
        $Iscc = $Candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
    }
    if ($Iscc) {
        Invoke-Checked $Iscc @("/Q", "/DMyAppVersion=$Version", "build\installer.iss")
        Write-Host "Installer: dist\Taizhang-$Version-setup.exe"
    } else {
        Write-Warning "Inno Setup 6 not found: no installer made (install it, or use -NoInstaller)."
    }
}

# 4. The bundle's own self-test (the console twin prints where it was typed).
Invoke-Checked "dist\Taizhang\taizhang-cli.exe" @("--self-test")
