/**
 * Regenerates resources/demo-roster.csv and resources/demo-roster.xlsx from the seeded demo roster.
 * Run: npx tsx scripts/make-demo-roster.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { DEMO_CSV_HEADERS, demoRosterCsv, generateDemoRoster } from '../src/main/roster/demoRoster';

const resources = (name: string): string => fileURLToPath(new URL(`../resources/${name}`, import.meta.url));

async function main(): Promise<void> {
  writeFileSync(resources('demo-roster.csv'), demoRosterCsv(), 'utf8');

  const wb = new ExcelJS.Workbook();
  // Fixed document dates so regenerating does not change the workbook's metadata.
  wb.created = wb.modified = new Date('2020-02-10T00:00:00Z');
  wb.creator = 'Gatehouse demo';
  const ws = wb.addWorksheet('名册');
  ws.addRow([...DEMO_CSV_HEADERS]);
  for (const r of generateDemoRoster()) {
    const residency = r.residency === 'owner' ? '业主' : '租户';
    ws.addRow([r.building, r.unit, r.room, r.name, r.phone, r.idNumber, residency, r.passNumber, r.status]);
  }
  // Text format ('@') so Excel keeps 18-digit ID numbers and leading zeros instead of rounding them.
  ws.columns.forEach((col, i) => {
    col.numFmt = '@';
    col.width = i === 5 ? 22 : i === 3 || i === 4 ? 14 : 10;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const buf = await wb.xlsx.writeBuffer();
  writeFileSync(resources('demo-roster.xlsx'), Buffer.from(buf as ArrayBuffer));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
