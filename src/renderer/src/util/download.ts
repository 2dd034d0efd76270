/** Saves text as a file through an `<a download>` click, which works in Electron and Chromium alike. */
export function downloadText(fileName: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
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
