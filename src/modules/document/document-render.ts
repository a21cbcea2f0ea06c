// Renders an approved document to PDF (pdfkit, Noto Sans SC embedded as a
// subset: the font ships in the @fontsource/noto-sans-sc package, so rendering
// works offline) and to DOCX (docx). Both carry the 文号 and a place for the seal.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { woffToSfnt } from './woff-to-sfnt.js';

const require = createRequire(import.meta.url);
let fontBytes: Buffer | null = null;
// fontkit's shaping of this font with its default features (frac, calt,
// chws, kern...) takes seconds per line, and pdfkit's own wrapping shapes every
// prefix of a line without spaces (all of Chinese). So shaping is off (Chinese
// text needs none of it) and lines are wrapped here, from per-character widths.
const OFF = ['rvrn', 'ltra', 'ltrm', 'frac', 'numr', 'dnom', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern', 'chws', 'palt', 'halt'];
const FEATURES = Object.fromEntries(OFF.map((f) => [f, false])) as unknown as PDFKit.Mixins.TextOptions['features'];

/** Greedy wrapping by character width; closing punctuation never starts a line (避头点). */
function wrap(pdf: PDFKit.PDFDocument, text: string, width: number, widths: Map<string, number>): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const ch of text) {
    let w = widths.get(ch);
    if (w === undefined) {
      w = pdf.widthOfString(ch, { features: FEATURES });
      widths.set(ch, w);
    }
    if (used + w > width && line && !'，。、；：？！）》」』”’…'.includes(ch)) {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += ch;
    used += w;
  }
  lines.push(line);
  return lines;
}

/** The Simplified Chinese subset of Noto Sans SC (it holds Latin letters and digits too). */
function font(): Buffer {
  fontBytes ??= woffToSfnt(fs.readFileSync(require.resolve('@fontsource/noto-sans-sc/package.json').replace(/package\.json$/, 'files/noto-sans-sc-chinese-simplified-400-normal.woff')));
  return fontBytes;
}

export interface RenderInput {
  title: string;
  number: string;
  body: string;
  institution: string;
  /** Body text size in points (14; the case-file index uses less so a sha256 fits a line). */
  bodySize?: number;
}

export async function renderPdf(doc: RenderInput): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 72, left: 80, right: 80 }, info: { Title: `${doc.title} ${doc.number}`, Author: doc.institution } });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  pdf.registerFont('sc', font());
  pdf.font('sc');
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const centered = (text: string, size: number, after: number) => {
    pdf.fontSize(size);
    const w = pdf.widthOfString(text, { features: FEATURES });
    pdf.text(text, left + Math.max(0, (width - w) / 2), pdf.y, { lineBreak: false, features: FEATURES });
    pdf.y += size * after;
  };
  centered(doc.title, 20, 1.8);
  centered(doc.number, 12, 2.5);
  const widths = new Map<string, number>();
  for (const line of doc.body.split('\n')) {
    if (line.trim() === '（印章）') {
      // The place for the seal: a circle where the institution stamps it.
      const y = pdf.y + 40;
      pdf.save().lineWidth(1).dash(3, { space: 3 }).circle(pdf.page.width - pdf.page.margins.right - 60, y, 42).stroke().undash().restore();
      pdf.fontSize(10).text('（盖章处）', pdf.page.width - pdf.page.margins.right - 85, y - 6, { lineBreak: false, features: FEATURES });
      pdf.y = y + 50;
      continue;
    }
    const size = doc.bodySize ?? 14;
    pdf.fontSize(size);
    for (const part of wrap(pdf, line, width, size === 14 ? widths : new Map())) {
      if (pdf.y + size * 12 / 7 > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
      if (part) pdf.text(part, left, pdf.y, { lineBreak: false, features: FEATURES });
      pdf.y += size * 12 / 7;
    }
  }
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

export async function renderDocx(doc: RenderInput): Promise<Buffer> {
  const run = (text: string, size: number, bold = false) => new TextRun({ text, size, bold, font: { eastAsia: 'Noto Sans SC', ascii: 'Noto Sans SC' } });
  const document = new Document({
    creator: doc.institution,
    title: `${doc.title} ${doc.number}`,
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [run(doc.title, 40, true)] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [run(doc.number, 28)] }),
          ...doc.body.split('\n').map((line) =>
            line.trim() === '（印章）'
              ? new Paragraph({ alignment: AlignmentType.RIGHT, children: [run('（盖章处）', 24)] })
              : new Paragraph({ children: [run(line, 28)] }),
          ),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
