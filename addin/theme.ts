/**
 * The pane follows its host's theme: Office reports its colours (dark grey, black, colourful,
 * white); high contrast comes through the browser's forced colours (taskpane.css). Without a report
 * (WPS, older Office) it follows the system's light or dark setting.
 */

export interface HostTheme {
  background: string;
  foreground: string;
  controlBackground: string;
  controlForeground: string;
}

/** Relative luminance of `#RRGGBB` (0 black … 1 white); NaN when unreadable. */
export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return NaN;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(m[1].slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function applyTheme(theme: HostTheme): void {
  const dark = luminance(theme.background) < 0.2;
  const root = document.documentElement;
  root.dataset.theme = dark ? 'dark' : 'light';
  root.style.setProperty('--bg', theme.background);
  root.style.setProperty('--fg', theme.foreground);
  root.style.setProperty('--card', theme.controlBackground);
}

/** Light or dark as the system is set, and again whenever the setting changes. */
export function followSystemTheme(): void {
  const query = window.matchMedia?.('(prefers-color-scheme: dark)');
  if (!query) return;
  const apply = () => (document.documentElement.dataset.theme = query.matches ? 'dark' : 'light');
  apply();
  query.addEventListener?.('change', apply);
}
