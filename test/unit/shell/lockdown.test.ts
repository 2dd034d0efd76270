import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, CrashLoopGuard, isAppUrl, relaunchDecision } from '../../../src/main/lockdown';

describe('kiosk lockdown rules', () => {
  it('the app URL check ignores the hash but not the path, scheme or host', () => {
    const app = 'file:///opt/g/out/renderer/index.html';
    expect(isAppUrl('file:///opt/g/out/renderer/index.html#/desk', app)).toBe(true);
    expect(isAppUrl('file:///opt/g/out/renderer/other.html', app)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url', app)).toBe(false);
  });

  it('the production CSP allows no inline or remote script and no WebSocket; the dev server gets its own', () => {
    const prod = contentSecurityPolicy(false);
    expect(prod).toContain("script-src 'self';");
    expect(prod).toContain("connect-src 'self';");
    expect(contentSecurityPolicy(true)).toContain("connect-src 'self' ws:");
  });

  it('crash loop: three quick reloads, then a pause; old crashes fall out of the window', () => {
    const g = new CrashLoopGuard({ windowMs: 60_000, maxQuickReloads: 3, coolDownMs: 30_000 });
    expect([0, 1000, 2000, 3000].map((t) => g.nextReloadDelay(t))).toEqual([0, 0, 0, 30_000]);
    expect(g.nextReloadDelay(200_000)).toBe(0);
  });

  it('main-process relaunches: five in ten minutes, then exit for the OS supervisor', () => {
    let history: number[] = [];
    const decisions: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const d = relaunchDecision(history, i * 1000);
      history = d.history;
      decisions.push(d.relaunch);
    }
    expect(decisions).toEqual([true, true, true, true, true, false]);
    // Eleven minutes later the old crashes no longer count; junk in the stored file is ignored.
    expect(relaunchDecision([...history, Number.NaN], 11 * 60_000 + 6000)).toEqual({ relaunch: true, history: [11 * 60_000 + 6000] });
  });
});
