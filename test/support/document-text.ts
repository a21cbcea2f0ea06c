// What a rendered document says, read back with outside tools: the DOCX
// unzipped (fflate) to its word/document.xml, the PDF's text extracted with
// PDF.js (which can only return Chinese text when the font is embedded with
// its character map).
import { unzipSync, strFromU8 } from 'fflate';

export function docxXml(bytes: Buffer): string {
  const files = unzipSync(new Uint8Array(bytes));
  const xml = files['word/document.xml'];
  if (!xml) throw new Error('no word/document.xml in the DOCX');
  return strFromU8(xml);
}

/** The runs' text of document.xml joined (Word may split a sentence into runs). */
export function docxText(bytes: Buffer): string {
  return [...docxXml(bytes).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

export async function pdfText(bytes: Buffer): Promise<{ text: string; fonts: string[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i += 1) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join('');
  }
  await doc.destroy();
  return { text, fonts: [...bytes.toString('latin1').matchAll(/\/FontFile2?3?\b/g)].map((m) => m[0]) };
}
