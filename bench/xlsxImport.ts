/**
 * `node --import tsx bench/xlsxImport.ts`: memory and time of reading an admitted roster .xlsx,
 * the new reader (roster/xlsxRows.ts) against exceljs's whole-workbook load it replaced. Each parse
 * runs in its own child (bench/xlsxImportChild.ts) so its peak RSS is its own; BENCH_XLSX_RUNS
 * (default 3) runs per file and reader, median reported. Files: an exceljs-written roster of 50,000
 * and of 100,000 residents (11 columns, valid ID numbers), and the heaviest workbook xlsxGuard
 * admits (1.6 million numeric cells, the file fuzz's "at the limits" case).
 * Target (issue 8 item 4): a 100,000-row import under ~250 MB peak RSS, parse time within ~20 %.
 * Prints a block for bench/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import * as H from '../test/property/hostileFiles';

const RUNS = Number(process.env.BENCH_XLSX_RUNS ?? 3);
const CHILD = join(__dirname, 'xlsxImportChild.ts');
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function idNumber(i: number): string {
  const birth = new Date(Date.UTC(1940, 0, 1) + (i % 25_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `310115${birth}${String(i % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, k) => s + Number(d) * WEIGHTS[k]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

async function roster(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名册');
  ws.addRow(['楼号', '单元', '室', '姓名', '电话', '身份证号', '户籍', '出入证号', '状态', '车牌', '备注']);
  for (let i = 0; i < rows; i++) {
    const name = SURNAMES[i % SURNAMES.length]! + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]! + GIVEN[Math.floor(i / 400) % GIVEN.length]!;
    ws.addRow([String(1 + Math.floor(i / 240)), String(1 + (Math.floor(i / 60) % 4)), String(101 + (i % 60)), name, `139${String(i).padStart(8, '0')}`, idNumber(i), i % 5 ? '业主' : '租户', `P${String(i).padStart(6, '0')}`, 'black', i % 3 ? '' : `沪A${String(10000 + (i % 90000))}`, i % 7 ? '' : '新住户']);
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The file fuzz's heaviest admitted workbook (fileFuzz.property.test.ts, "at the limits"). */
async function atLimits(): Promise<Buffer> {
  const colName = (n: number): string => {
    let s = '';
    for (let v = n; v > 0; v = Math.floor((v - 1) / 26)) s = String.fromCharCode(65 + ((v - 1) % 26)) + s;
    return s;
  };
  const rows: string[] = [];
  let x = 12345;
  for (let r = 2; r < 80_002; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < 20; c++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      row += `<c r="${colName(c + 1)}${r}"><v>${x % 100000}</v></c>`;
    }
    rows.push(`${row}</row>`);
  }
  return H.withPart(await H.goodWorkbook(), H.SHEET, H.sheetXml({ rows: rows.join('') }));
}

type Result = { rows?: number; refused?: string; ms: number; maxRssMB: number };
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'g-xlsx-bench-'));
  const lines: string[] = [];
  try {
    const files: [string, Buffer][] = [
      ['50,000 residents', await roster(50_000)],
      ['100,000 residents', await roster(100_000)],
      ['heaviest admitted (1.6 M numeric cells)', await atLimits()],
    ];
    for (const [label, data] of files) {
      const path = join(dir, `${label.replace(/\W+/g, '-')}.xlsx`);
      writeFileSync(path, data);
      const by: Record<string, Result[]> = { exceljs: [], new: [] };
      for (let i = 0; i < RUNS; i++) {
        for (const reader of ['exceljs', 'new'] as const) {
          const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, path, reader], { encoding: 'utf8', maxBuffer: 1 << 20 });
          by[reader]!.push(JSON.parse(out.trim().split('\n').at(-1)!) as Result);
        }
      }
      const sum = (r: Result[]): string => `${r[0]!.refused ?? `${r[0]!.rows!.toLocaleString('en')} rows`}, peak RSS ${median(r.map((x) => x.maxRssMB))} MB (${r.map((x) => x.maxRssMB).join('/')}), parse ${median(r.map((x) => x.ms))} ms (${r.map((x) => x.ms).join('/')})`;
      lines.push(`${label}, ${(statSync(path).size / 1024 / 1024).toFixed(1)} MB file:`, `    exceljs load: ${sum(by.exceljs!)}`, `    new reader:   ${sum(by.new!)}`);
      console.log(lines.slice(-3).join('\n'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  console.log(`\n## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — xlsx import memory — ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${process.platform}\n`);
  console.log(`${RUNS} runs per file and reader, median (each run), 1-min load ${loadavg()[0]!.toFixed(1)} at the end:\n\n${lines.map((l) => `    ${l}`).join('\n')}`);
}

void main();
