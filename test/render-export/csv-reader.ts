// A strict RFC 4180 reader for the tests (CRLF records, quoted fields with doubled quotes).
export function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let i = 0;
    while (i < text.length) {
        let field = '';
        if (text[i] === '"') {
            i++;
            for (;;) {
                if (i >= text.length) throw new Error('unterminated quoted field');
                if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i += 2; }
                else if (text[i] === '"') { i++; break; }
                else field += text[i++];
            }
        } else {
            while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
                if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
                field += text[i++];
            }
        }
        row.push(field);
        if (text[i] === ',') { i++; continue; }
        if (text.startsWith('\r\n', i)) { i += 2; rows.push(row); row = []; continue; }
        if (i < text.length) throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
    }
    if (row.length > 0) throw new Error('last record without CRLF');
    return rows;
}
