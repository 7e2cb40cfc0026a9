/**
 * A small screenplay PDF written directly in PDF syntax, analysed by a pre-started worker so that V8 has
 * compiled pdf.js's and the analyser's hot paths before the user's file arrives.
 */

function pageContent(p: number): string {
  const ops: string[] = ['BT /F1 12 Tf'];
  let y = 708;
  const line = (x: number, text: string) => {
    ops.push(`1 0 0 1 ${x} ${y} Tm (${text.replace(/[()\\]/g, '')}) Tj`);
    y -= 12;
  };
  ops.push(`1 0 0 1 504 756 Tm (${p + 1}.) Tj`);
  while (y > 90) {
    line(108, `INT. ROOM ${p} - DAY`);
    y -= 12;
    line(108, 'She looks up from the desk, then back at the file in her hands.');
    y -= 12;
    line(266, p % 2 ? 'ASHA' : 'DEV (V.O.)');
    line(223, '(quietly)');
    line(180, 'Kya hua? We have till nine tonight, yaar.');
    line(180, 'Chalo, nikalte hain.');
    y -= 12;
  }
  ops.push('ET');
  return ops.join('\n');
}

export function warmupPdf(pages = 12): Uint8Array {
  const objects: string[] = [];
  const kids: string[] = [];
  // 1: catalog, 2: pages, 3: font, then a page and its content per page.
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push('');
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>');
  for (let p = 0; p < pages; p++) {
    const pageNum = objects.length + 1;
    const content = pageContent(p);
    kids.push(`${pageNum} 0 R`);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${pageNum + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
    );
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xrefAt = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
