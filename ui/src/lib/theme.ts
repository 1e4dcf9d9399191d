// Light, dark, or the system's: the choice is kept in localStorage and applied as
// `data-theme` on <html>, which app.css reads.

export type Theme = "system" | "light" | "dark";

const KEY = "shopdock.theme";

export function loadTheme(): Theme {
  try {
    const saved = localStorage.getItem(KEY);
    return saved === "light" || saved === "dark" ? saved : "system";
  } catch {
    return "system";
  }
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === "system") delete root.dataset["theme"];
  else root.dataset["theme"] = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // A webview without storage still switches for this session.
  }
}
