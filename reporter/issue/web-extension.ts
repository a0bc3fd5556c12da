import { strFromU8, strToU8 } from 'fflate';

/**
 * The web-extension part that makes Excel open the filing assistant with the issued workbook
 * (`Office.AutoShowTaskpaneWithDocument`, see manifest.xml's TaskpaneId). Visibility 0: the pane
 * opens by itself only where the add-in is installed; elsewhere Excel ignores the part and the
 * workbook's own validation still works. WPS and LibreOffice keep the part and ignore it.
 */

/** manifest.xml's <Id> and <Version>; tests/addin-manifest.test.ts keeps them equal. */
export const ADDIN_ID = 'c85f621a-b415-4aac-ac57-6dbfd91e4646';
export const ADDIN_VERSION = '1.0.0.0';

const TASKPANES = 'xl/webextensions/taskpanes.xml';
const EXTENSION = 'xl/webextensions/webextension1.xml';
const TASKPANES_RELS = 'xl/webextensions/_rels/taskpanes.xml.rels';
const REL_TASKPANES = 'http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes';
const REL_EXTENSION = 'http://schemas.microsoft.com/office/2011/relationships/webextension';

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * The references Excel looks the add-in up by: sideloaded through the registry (the Windows
 * install script), then the Microsoft 365 admin centre catalogue.
 */
function webExtension(): string {
  const ref = (store: string, storeType: string) =>
    `<we:reference id="${ADDIN_ID}" version="${ADDIN_VERSION}" store="${store}" storeType="${storeType}"/>`;
  return (
    `${XML}<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" id="{${ADDIN_ID.toUpperCase()}}">` +
    ref('developer', 'Registry') +
    `<we:alternateReferences>${ref('EXCatalog', 'EXCatalog')}</we:alternateReferences>` +
    '<we:properties><we:property name="Office.AutoShowTaskpaneWithDocument" value="true"/></we:properties>' +
    '<we:bindings/><we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>' +
    '</we:webextension>'
  );
}

const taskpanes = () =>
  `${XML}<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11">` +
  '<wetp:taskpane dockstate="right" visibility="0" width="350" row="0">' +
  '<wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>' +
  '</wetp:taskpane></wetp:taskpanes>';

const taskpanesRels = () =>
  `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${REL_EXTENSION}" Target="webextension1.xml"/></Relationships>`;

/** Adds the parts, the package relationship and their content types to an unzipped workbook. */
export function withWebExtension(files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  const rels = strFromU8(files['_rels/.rels']);
  const types = strFromU8(files['[Content_Types].xml']);
  if (rels.includes(REL_TASKPANES)) return files;
  const ids = [...rels.matchAll(/Id="rId(\d+)"/g)].map((m) => Number(m[1]));
  const id = `rId${Math.max(0, ...ids) + 1}`;
  return {
    ...files,
    '_rels/.rels': strToU8(
      rels.replace(
        '</Relationships>',
        `<Relationship Id="${id}" Type="${REL_TASKPANES}" Target="${TASKPANES}"/></Relationships>`,
      ),
    ),
    '[Content_Types].xml': strToU8(
      types.replace(
        '</Types>',
        `<Override PartName="/${EXTENSION}" ContentType="application/vnd.ms-office.webextension+xml"/>` +
          `<Override PartName="/${TASKPANES}" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/></Types>`,
      ),
    ),
    [TASKPANES]: strToU8(taskpanes()),
    [TASKPANES_RELS]: strToU8(taskpanesRels()),
    [EXTENSION]: strToU8(webExtension()),
  };
}
