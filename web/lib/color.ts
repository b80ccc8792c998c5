const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The site colour if it is a plain hex colour, else the default: it ends up in CSS, so only trusted shapes pass. */
export function safeColor(color: string | null | undefined, fallback = "#2563eb"): string {
  return color && HEX.test(color) ? color : fallback;
}

/** Black or white, whichever reads better on a hex colour (WCAG relative luminance). */
export function textOn(hex: string): string {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join("")}` : hex;
  const channel = (i: number) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.45 ? "#111827" : "#ffffff";
}
