import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { ICON_SIZES, iconFiles } from '../scripts/addin-icons.js';
import { baseUrlFrom, deploymentManifest, normalizeBaseUrl } from '../scripts/addin-manifest.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Offline copies of Microsoft's manifest XSDs (see their README), kept with the tests so a clone validates alone.
const schemaDir = join(root, 'tests', 'schemas', 'office-addin-manifest');

async function validate(xml: string) {
  const files = await readdir(schemaDir);
  const preload = await Promise.all(
    files
      .filter((f) => f.endsWith('.xsd') && f !== 'OfficeAppManifestV1_1.xsd')
      .map(async (fileName) => ({ fileName, contents: await readFile(join(schemaDir, fileName), 'utf8') })),
  );
  const schema = {
    fileName: 'OfficeAppManifestV1_1.xsd',
    contents: await readFile(join(schemaDir, 'OfficeAppManifestV1_1.xsd'), 'utf8'),
  };
  return validateXML({ xml: [{ fileName: 'manifest.xml', contents: xml }], schema, preload });
}

const devManifest = () => readFile(join(root, 'manifest.xml'), 'utf8');

describe('manifest.xml', () => {
  it('is valid against the Office add-in manifest XSDs', async () => {
    const result = await validate(await devManifest());
    expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is rejected by the same validator when a required element is missing', async () => {
    const broken = (await devManifest()).replace(/<Id>[^<]*<\/Id>/, '');
    const result = await validate(broken);
    expect(result.valid).toBe(false);
  });

  it('declares an Excel task pane, a Chinese default with English overrides, and the API floor', async () => {
    const xml = await devManifest();
    expect(xml).toContain('xsi:type="TaskPaneApp"');
    expect(xml).toContain('<Host Name="Workbook" />');
    expect(xml).toContain('<DefaultLocale>zh-CN</DefaultLocale>');
    expect(xml).toMatch(/<DisplayName DefaultValue="[^"]*[\u4e00-\u9fff][^"]*">\s*<Override Locale="en-US"/);
    expect(xml).toMatch(/<Set Name="ExcelApi" MinVersion="1\.7" \/>/);
    expect(xml).toContain('<Action xsi:type="ShowTaskpane">');
  });

  it('names only icons the build generates', async () => {
    const xml = await devManifest();
    const named = [...xml.matchAll(/assets\/(icon-\d+\.png)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    const generated = iconFiles();
    for (const name of named) expect(generated.has(name)).toBe(true);
  });
});

describe('deployment manifest', () => {
  it('points every URL at the production base and stays XSD-valid', async () => {
    const xml = deploymentManifest(await devManifest(), 'https://xyk.example.gov.cn/creditwork/');
    expect(xml).not.toContain('localhost');
    expect(xml).toContain(
      '<SourceLocation DefaultValue="https://xyk.example.gov.cn/creditwork/taskpane.html" />',
    );
    expect(xml).toContain('<AppDomain>https://xyk.example.gov.cn</AppDomain>');
    expect((await validate(xml)).valid).toBe(true);
  });

  it('refuses a plain http or malformed base URL with a Chinese message', () => {
    expect(() => normalizeBaseUrl('http://xyk.example.gov.cn/')).toThrow(/https/);
    expect(() => normalizeBaseUrl('not a url')).toThrow(/部署地址无效/);
  });

  it('takes --base-url before the environment variable', () => {
    const env = { CREDITWORK_ADDIN_BASE_URL: 'https://env.example/' };
    expect(baseUrlFrom(['--base-url', 'https://arg.example/'], env)).toBe('https://arg.example/');
    expect(baseUrlFrom(['--base-url=https://eq.example/'], env)).toBe('https://eq.example/');
    expect(baseUrlFrom([], env)).toBe('https://env.example/');
    expect(baseUrlFrom([], {})).toBeUndefined();
  });
});

describe('icons', () => {
  it('are real PNGs of the declared sizes with an opaque centre and transparent corners', () => {
    for (const size of ICON_SIZES) {
      const png = iconFiles().get(`icon-${size}.png`)!;
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const view = new DataView(png.buffer, png.byteOffset);
      expect(view.getUint32(16)).toBe(size);
      expect(view.getUint32(20)).toBe(size);
      const idatLength = view.getUint32(33);
      const raw = unzlibSync(png.subarray(41, 41 + idatLength));
      const stride = size * 4 + 1;
      expect(raw.length).toBe(stride * size);
      const alphaAt = (x: number, y: number) => raw[y * stride + 1 + x * 4 + 3];
      expect(alphaAt(0, 0)).toBe(0);
      expect(alphaAt(size >> 1, size >> 2)).toBe(255);
    }
  });
});
