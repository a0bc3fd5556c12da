import { listDocuments, DOCUMENT_KIND_LABELS } from '../documents/register.js';
import { openWorkspace, parseYear } from '../plan/years.js';
import { openStoreForReading } from '../store/index.js';

interface DocumentsOptions {
  workspace?: string;
  year?: string;
  json?: boolean;
}

/** `creditwork documents`: the register — each document, its 发文字号, date, file and whether it went out. */
export async function run(options: DocumentsOptions): Promise<number> {
  const ws = await openWorkspace(options.workspace ?? './creditwork-data');
  const year = options.year === undefined ? undefined : parseYear(options.year);
  const store = openStoreForReading(ws);
  try {
    const docs = listDocuments(store, year);
    if (options.json) {
      console.log(JSON.stringify(docs, null, 2));
      return 0;
    }
    if (!docs.length) {
      console.log(year ? `${year} 年度尚无登记的发文。` : '尚无登记的发文。');
      return 0;
    }
    for (const d of docs) {
      const number = d.number === null ? '（序号待填）' : `${d.number}号`;
      const issued = d.issuedAt ? `已印发（${d.issuedBy ?? ''}）` : '未标记印发';
      console.log(
        `〔${d.numberYear}〕${number}  ${d.date}  ${DOCUMENT_KIND_LABELS[d.kind]}  ${d.title}  ${issued}`,
      );
      console.log(`    ${d.file}${d.pdf ? `；PDF ${d.pdf}` : ''}${d.pages ? `；${d.pages} 页` : ''}`);
    }
    return 0;
  } finally {
    store.close();
  }
}
