"use client";

import { useEffect, type RefObject } from "react";

/**
 * Close a floating panel (a menu, a popover) the way people expect: Esc, or a click or tap outside it. `inside` are
 * the elements that count as the panel (the panel and the button that opens it, so that button can toggle it).
 */
export function useDismiss(open: boolean, close: () => void, inside: RefObject<HTMLElement | null>[]): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.isComposing) close();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node | null;
      if (target && inside.some((r) => r.current?.contains(target))) return;
      close();
    };
    window.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer, true);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer, true);
    };
    // `inside` holds refs (stable objects), read when an event comes: not a dependency.
  }, [open, close]);
}
