import { base64ToBytes } from './base64';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Saves a Blob as a file through an `<a download>` click, which works in Electron and Chromium alike. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoking at once can cancel the download in some engines; a later tick is enough.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

export function downloadText(fileName: string, content: string, type: string): void {
  downloadBlob(fileName, new Blob([content], { type }));
}

/** A file the core sent as base64 (an .xlsx workbook) → a Blob of its bytes. */
export function base64ToBlob(base64: string, type: string = XLSX_TYPE): Blob {
  return new Blob([base64ToBytes(base64)], { type });
}

export function downloadBase64(fileName: string, base64: string, type: string = XLSX_TYPE): void {
  downloadBlob(fileName, base64ToBlob(base64, type));
}
