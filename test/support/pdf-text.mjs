// The text of a PDF read from standard input, on standard output (pdf-parse, i.e. pdf.js). A process of its
// own: pdf.js loads its worker by a dynamic import, which jest's module system does not run.
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { PDFParse } from 'pdf-parse';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const parser = new PDFParse({ data: Buffer.concat(chunks) });
try {
  process.stdout.write((await parser.getText()).text);
} finally {
  await parser.destroy();
}
