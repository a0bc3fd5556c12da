// The WPS 表格 加载项's deployment files: jsplugins.xml for loading it from the portal, and the
// offline install kit (Windows and UOS/Kylin) that puts the add-in into WPS's jsaddons folder and
// registers it in publish.xml, the list WPS reads at start.

/** The add-in's name in WPS (folder jsaddons/<name>_<version>, publish.xml entry). */
export const WPS_ADDIN_NAME = 'creditwork';
export const WPS_ADDIN_VERSION = '1.0.0';

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** For offices that point WPS's oem.ini JSPluginsServer at the portal: the add-in loads online. */
export function jspluginsXml(url: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<jsplugins>\n' +
    `  <jspluginonline name="${WPS_ADDIN_NAME}" type="et" url="${escapeXml(url)}"/>\n</jsplugins>\n`
  );
}

/** PowerShell 5 reads scripts as the ANSI code page unless they start with a BOM. */
const BOM = '\ufeff';

function windowsScript(online: string | undefined): string {
  return `${BOM}# 信用工作填报助手（WPS 表格加载项）安装脚本：Windows。
# 把加载项复制到 %APPDATA%\\kingsoft\\wps\\jsaddons，并登记到该目录的 publish.xml（保留其他加载项的登记）。
#   安装：           安装-Windows.cmd
#   从门户在线加载： 安装-Windows.cmd -Online https://门户地址/…/wps/
#   卸载：           安装-Windows.cmd -Uninstall
param([string]$Online = '${online ?? ''}', [switch]$Uninstall)
$ErrorActionPreference = 'Stop'
$name = '${WPS_ADDIN_NAME}'
$version = '${WPS_ADDIN_VERSION}'
$jsaddons = Join-Path $env:APPDATA 'kingsoft\\wps\\jsaddons'
New-Item -ItemType Directory -Force -Path $jsaddons | Out-Null
$target = Join-Path $jsaddons ($name + '_' + $version)
$publish = Join-Path $jsaddons 'publish.xml'

if (Test-Path $target) { Remove-Item -Recurse -Force $target }
if (-not $Uninstall) { Copy-Item -Recurse (Join-Path $PSScriptRoot $name) $target }

$doc = New-Object System.Xml.XmlDocument
if (Test-Path $publish) { $doc.Load($publish) } else { $doc.LoadXml('<?xml version="1.0" encoding="UTF-8"?><jsplugins/>') }
$root = $doc.DocumentElement
foreach ($node in @($root.ChildNodes)) {
  if ($node.NodeType -eq 'Element' -and $node.GetAttribute('name') -eq $name) { [void]$root.RemoveChild($node) }
}
if (-not $Uninstall) {
  $url = if ($Online) { $Online } else { ([System.Uri]($target + '\\')).AbsoluteUri }
  $entry = $doc.CreateElement('jspluginonline')
  foreach ($pair in @(@('name', $name), @('type', 'et'), @('url', $url), @('debug', ''), @('enable', 'enable_dev'), @('install', 'null'))) {
    $entry.SetAttribute($pair[0], $pair[1])
  }
  [void]$root.AppendChild($entry)
}
$doc.Save($publish)
if ($Uninstall) { Write-Host '已卸载信用工作填报助手。请重新打开 WPS 表格。' }
else { Write-Host ('已安装信用工作填报助手（' + $url + '）。请完全退出 WPS 后重新打开 WPS 表格，功能区会出现“信用填报”选项卡。') }
`;
}

function linuxScript(online: string | undefined): string {
  return `#!/bin/sh
# 信用工作填报助手（WPS 表格加载项）安装脚本：统信 UOS、银河麒麟等 Linux 桌面。
# 把加载项复制到 ~/.local/share/Kingsoft/wps/jsaddons，并登记到该目录的 publish.xml（保留其他加载项的登记）。
#   安装：           sh 安装-统信麒麟.sh
#   从门户在线加载： sh 安装-统信麒麟.sh --online https://门户地址/…/wps/
#   卸载：           sh 安装-统信麒麟.sh --uninstall
set -eu
NAME=${WPS_ADDIN_NAME}
VERSION=${WPS_ADDIN_VERSION}
ONLINE='${online ?? ''}'
UNINSTALL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --online) ONLINE="$2"; shift 2 ;;
    --uninstall) UNINSTALL=1; shift ;;
    *) echo "未知参数：$1" >&2; exit 2 ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
JSADDONS="$HOME/.local/share/Kingsoft/wps/jsaddons"
TARGET="$JSADDONS/\${NAME}_\${VERSION}"
PUBLISH="$JSADDONS/publish.xml"
mkdir -p "$JSADDONS"
rm -rf "$TARGET"
[ "$UNINSTALL" = 1 ] || cp -R "$HERE/$NAME" "$TARGET"
[ -f "$PUBLISH" ] || printf '<?xml version="1.0" encoding="UTF-8"?>\\n<jsplugins>\\n</jsplugins>\\n' > "$PUBLISH"
URL="\${ONLINE:-file://$TARGET/}"
TMP=$(mktemp)
# One element per line, then drop our earlier entry and keep everyone else's.
sed 's#><#>\\n<#g' "$PUBLISH" | grep -v "name=\\"$NAME\\"" | grep -v '^[[:space:]]*$' > "$TMP.list" || true
if [ "$UNINSTALL" = 1 ]; then
  cp "$TMP.list" "$TMP"
else
  ENTRY="  <jspluginonline name=\\"$NAME\\" type=\\"et\\" url=\\"$URL\\" debug=\\"\\" enable=\\"enable_dev\\" install=\\"null\\"/>"
  awk -v entry="$ENTRY" '/<\\/jsplugins>/ { print entry } { print }' "$TMP.list" > "$TMP"
fi
cp "$TMP" "$PUBLISH"
rm -f "$TMP" "$TMP.list"
if [ "$UNINSTALL" = 1 ]; then
  echo "已卸载信用工作填报助手。请重新打开 WPS 表格。"
else
  echo "已安装信用工作填报助手（$URL）。请完全退出 WPS 后重新打开 WPS 表格，功能区会出现“信用填报”选项卡。"
fi
`;
}

function readme(online: string | undefined): string {
  return `信用工作填报助手（WPS 表格加载项）离线安装包
==========================================

本目录：
  ${WPS_ADDIN_NAME}/            加载项本身（ribbon.xml、index.html、taskpane.html 等）
  安装-Windows.cmd       Windows：双击运行
  安装-统信麒麟.sh        统信 UOS、银河麒麟：在终端运行 sh 安装-统信麒麟.sh
${online ? '  安装-Excel.cmd         Excel 2021 / Microsoft 365（Windows）：双击运行，登记 manifest.xml\n' : ''}
脚本把加载项复制到 WPS 的 jsaddons 目录（Windows：%APPDATA%\\kingsoft\\wps\\jsaddons；
Linux：~/.local/share/Kingsoft/wps/jsaddons），并在其中的 publish.xml 登记，不影响已装的其他加载项。
装好后完全退出 WPS 再打开 WPS 表格：功能区出现“信用填报”选项卡；打开信用办下发的填报表时助手自动打开。

${online ? `在线加载：本安装包默认从门户 ${online} 加载，门户升级后无需重装。\n` : ''}卸载：Windows 运行 安装-Windows.cmd -Uninstall；Linux 运行 sh 安装-统信麒麟.sh --uninstall。
要求：WPS 2019 专业版（支持加载项的政企版本）或更新版本。个人版 WPS 可能不支持加载项，此时请直接在表格中填写，
保存后到市信用办门户网页上传，同样立即得到审核结果。
`;
}

/**
 * Excel on Windows: registers the deployment manifest as a sideloaded add-in (the per-user WEF
 * Developer registry key), which is the reference issued workbooks name, so the pane opens with
 * them. For offices without a shared-folder catalogue or Microsoft 365.
 */
function excelScript(addinId: string): string {
  return `${BOM}# 信用工作填报助手（Excel）安装脚本：Windows，Excel 2021 / Microsoft 365。
# 把 manifest.xml 复制到 %APPDATA%\\creditwork，并登记为本机 Excel 加载项（当前用户，无需管理员权限）。
#   安装： 安装-Excel.cmd        卸载： 安装-Excel.cmd -Uninstall
param([switch]$Uninstall)
$ErrorActionPreference = 'Stop'
$key = 'HKCU:\\Software\\Microsoft\\Office\\16.0\\WEF\\Developer'
$dir = Join-Path $env:APPDATA 'creditwork'
$manifest = Join-Path $dir 'manifest.xml'
if ($Uninstall) {
  if (Test-Path $key) { Remove-ItemProperty -Path $key -Name '${addinId}' -ErrorAction SilentlyContinue }
  if (Test-Path $manifest) { Remove-Item -Force $manifest }
  Write-Host '已卸载 Excel 信用工作填报助手。请重新打开 Excel。'
  exit 0
}
New-Item -ItemType Directory -Force -Path $dir | Out-Null
Copy-Item -Force (Join-Path $PSScriptRoot 'manifest.xml') $manifest
# Other sideloaded add-ins share the key: create it only when missing, never recreate it.
if (-not (Test-Path $key)) { New-Item -Path $key -Force | Out-Null }
Set-ItemProperty -Path $key -Name '${addinId}' -Value $manifest
Write-Host '已安装 Excel 信用工作填报助手。请完全退出 Excel 后重新打开：“开始”选项卡出现“填报助手”，打开下发的填报表时助手自动打开。'
`;
}

export function wpsInstallKit(
  online?: string,
  excel?: { addinId: string },
): Record<string, { text: string; executable: boolean }> {
  const launcher = (script: string) =>
    // cmd.exe reads batch files in the OEM code page: keep this one ASCII and let PowerShell speak.
    `@echo off\r\npowershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0${script}" %*\r\npause\r\n`;
  return {
    ...(excel
      ? {
          '安装-Excel.cmd': { text: launcher('install-excel.ps1'), executable: false },
          'install-excel.ps1': { text: excelScript(excel.addinId), executable: false },
        }
      : {}),
    '安装-Windows.cmd': { text: launcher('install-windows.ps1'), executable: false },
    'install-windows.ps1': { text: windowsScript(online), executable: false },
    '安装-统信麒麟.sh': { text: linuxScript(online), executable: true },
    '说明.txt': { text: readme(online), executable: false },
  };
}
