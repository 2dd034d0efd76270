/**
 * Prints an HTML page without opening a window: a hidden iframe gets the page as `srcdoc` and
 * prints itself once loaded (Chromium's print dialog, in Electron as in a browser). The frame is
 * removed after printing, or after a minute if the engine never reports it.
 */
export function printHtml(html: string, doc: Document = document): void {
  const frame = doc.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.setAttribute('data-testid', 'print-frame');
  frame.style.position = 'fixed';
  frame.style.width = '0';
  frame.style.height = '0';
  frame.style.border = '0';
  frame.style.right = '0';
  frame.style.bottom = '0';
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    frame.remove();
  };
  frame.addEventListener('load', () => {
    const win = frame.contentWindow;
    if (!win) return remove();
    win.addEventListener('afterprint', () => setTimeout(remove, 0));
    win.focus();
    win.print();
  });
  setTimeout(remove, 60_000);
  frame.srcdoc = html;
  doc.body.appendChild(frame);
}
