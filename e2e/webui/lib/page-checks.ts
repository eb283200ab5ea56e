/**
 * Layout checks run inside the page for every screenshot of screens.spec.ts: nothing scrolls
 * sideways, no two visible texts or controls overlap (unless one holds the other), no text is cut
 * off by a box that hides overflow without an ellipsis, and every button is at least 40×40 px.
 * It also hands back the visible text (with whether it is code) for the language checks.
 */
import type { Page } from '@playwright/test';

export interface VisibleText {
  text: string;
  /** Inside <code>, <pre>, <kbd>, <samp> or translate="no": commands, output, ids. */
  code: boolean;
  /** Marked as another language than the page's (lang="…"), like a language's own name in a picker. */
  foreign: boolean;
}

export interface PageFacts {
  scrollWidth: number;
  clientWidth: number;
  overlaps: string[];
  clipped: string[];
  smallTargets: string[];
  /** Inline code torn out of its sentence onto a line of its own (a flex or grid parent). */
  brokenSentences: string[];
  /**
   * Gateway and main-process sentences the UI had no translation for (GatewayText and the desktop
   * window's MainText fold them under "Technical details", marked data-untranslated): the English
   * of each, found even while folded.
   */
  untranslated: string[];
  texts: VisibleText[];
}

export const MIN_TAP = 40;

/** Collects the facts in the page (one evaluate, so it stays fast). */
export async function pageFacts(page: Page): Promise<PageFacts> {
  return page.evaluate((minTap) => {
    const TOL = 2;
    const styleOf = (el: Element) => getComputedStyle(el);
    // Also false inside a closed <details> (its content is skipped, not painted).
    const shown = (el: Element): boolean => el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
    const label = (el: Element): string => {
      const id = el.getAttribute('data-testid');
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ''}${cls}> "${text}"`;
    };
    const fixedAncestor = (el: Element): Element | null => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const p = styleOf(e).position;
        if (p === 'fixed' || p === 'sticky') return e;
      }
      return null;
    };
    const isCode = (el: Element) => el.closest('code, pre, kbd, samp, [translate="no"]') !== null;
    const pageLang = document.documentElement.lang;
    const isForeign = (el: Element) => (el.closest('[lang]')?.getAttribute('lang') ?? pageLang) !== pageLang;

    // A modal dialog covers the page on purpose: then only the dialog counts.
    const modal = [...document.querySelectorAll('dialog[open], [aria-modal="true"]')].find((d) => shown(d));
    const scope: Element = modal ?? document.body;

    interface Item { el: Element; rects: DOMRect[]; kind: 'text' | 'control'; fixed: Element | null }
    const items: Item[] = [];
    const texts: { text: string; code: boolean; foreign: boolean }[] = [];
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const value = n.textContent ?? '';
      if (!el || value.trim() === '' || el.closest('script, style, noscript, template, option, title')) continue;
      if (!shown(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const rects = [...range.getClientRects()].filter((r) => r.width > 1 && r.height > 1);
      if (rects.length === 0) continue;
      items.push({ el, rects, kind: 'text', fixed: fixedAncestor(el) });
      texts.push({ text: value.replace(/\s+/g, ' ').trim(), code: isCode(el), foreign: isForeign(el) });
    }
    const controls = [...scope.querySelectorAll('button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="tab"], [role="switch"], summary')];
    for (const el of controls) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) continue;
      items.push({ el, rects: [r], kind: 'control', fixed: fixedAncestor(el) });
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
        if (el.value === '' && el.placeholder) texts.push({ text: el.placeholder, code: isCode(el), foreign: isForeign(el) });
        if (el instanceof HTMLInputElement && ['button', 'submit', 'reset'].includes(el.type) && el.value) texts.push({ text: el.value, code: false, foreign: isForeign(el) });
      }
      const picked = el instanceof HTMLSelectElement ? el.selectedOptions[0] : undefined;
      if (picked) texts.push({ text: picked.text.trim(), code: isCode(picked), foreign: isForeign(picked) });
    }

    // Overlaps. Content scrolls under a fixed or sticky bar by design, so a fixed item is only
    // compared with items in the same bar; instead the page must scroll far enough that the last
    // content can come out from under a bottom bar.
    const overlaps: string[] = [];
    const hit = (a: DOMRect, b: DOMRect) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > TOL && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > TOL;
    for (let i = 0; i < items.length; i++) {
      const a = items[i]!;
      for (let j = i + 1; j < items.length; j++) {
        const b = items[j]!;
        if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        if (a.fixed !== b.fixed) continue;
        if (a.rects.some((ra) => b.rects.some((rb) => hit(ra, rb)))) {
          const msg = `${label(a.el)} overlaps ${label(b.el)}`;
          if (!overlaps.includes(msg)) overlaps.push(msg);
        }
      }
    }
    const bars = [...document.querySelectorAll('body *')].filter((e) => styleOf(e).position === 'fixed' && shown(e));
    const viewH = window.innerHeight;
    let barTop = viewH;
    for (const bar of bars) {
      const r = bar.getBoundingClientRect();
      if (r.bottom >= viewH - 1 && r.top > viewH / 2) barTop = Math.min(barTop, r.top);
    }
    if (barTop < viewH && !modal) {
      const docH = document.documentElement.scrollHeight;
      const lowest = Math.max(0, ...items.filter((it) => !it.fixed).flatMap((it) => it.rects.map((r) => r.bottom + window.scrollY)));
      if (lowest > docH - (viewH - barTop) + TOL) overlaps.push(`the last content (bottom ${Math.round(lowest)} px) cannot scroll out from under the bottom bar (page ${docH} px, bar ${Math.round(viewH - barTop)} px)`);
    }

    // Clipped text: a text box reaching outside an ancestor that hides overflow, unless an
    // ellipsis or a line clamp shows that the cut is meant.
    const clipped: string[] = [];
    for (const it of items) {
      if (it.kind !== 'text') continue;
      let meant = false;
      for (let e: Element | null = it.el; e && e !== document.body; e = e.parentElement) {
        const cs = styleOf(e);
        if (cs.textOverflow === 'ellipsis' || (cs.webkitLineClamp && cs.webkitLineClamp !== 'none')) meant = true;
        const hideX = cs.overflowX === 'hidden' || cs.overflowX === 'clip';
        const hideY = cs.overflowY === 'hidden' || cs.overflowY === 'clip';
        if (!hideX && !hideY) continue;
        const box = e.getBoundingClientRect();
        const out = it.rects.some((r) => (hideX && (r.right > box.right + TOL || r.left < box.left - TOL)) || (hideY && (r.bottom > box.bottom + TOL || r.top < box.top - TOL)));
        if (out && !meant) {
          clipped.push(`${label(it.el)} is cut off by ${label(e)}`);
          break;
        }
      }
    }

    // Text spilling out of its own button or link: the label is wider than the control.
    for (const it of items) {
      if (it.kind !== 'text') continue;
      const control = it.el.closest('button, a[href], [role="button"], [role="tab"], select');
      if (!control) continue;
      const box = control.getBoundingClientRect();
      if (it.rects.some((r) => r.right > box.right + TOL || r.left < box.left - TOL || r.bottom > box.bottom + TOL || r.top < box.top - TOL)) {
        clipped.push(`${label(it.el)} spills out of ${label(control)}`);
      }
    }

    const smallTargets: string[] = [];
    for (const el of scope.querySelectorAll('button, [role="button"], [role="tab"], input[type="button"], input[type="submit"], input[type="reset"], select')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) continue;
      if (r.width < minTap - 0.5 || r.height < minTap - 0.5) smallTargets.push(`${label(el)} is ${Math.round(r.width)}×${Math.round(r.height)} px`);
    }

    // A sentence with `code` in it whose box lays out children as flex/grid items: each text run
    // and the code become blocks of their own ("set up the tunnel (" / "hearth tunnel set" / ")").
    const brokenSentences: string[] = [];
    for (const c of scope.querySelectorAll('code')) {
      const parent = c.parentElement;
      if (!parent || !shown(c) || c.closest('pre')) continue;
      const display = styleOf(parent).display;
      if (!/flex|grid/.test(display)) continue;
      const words = [...parent.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (words) brokenSentences.push(`${label(parent)} (display: ${display})`);
    }

    // A folded sentence (<details>) or a bare one shown as code (a recent run's note).
    const untranslated = [...scope.querySelectorAll('[data-untranslated]')]
      .filter((d) => d.parentElement !== null && shown(d.parentElement))
      .map((d) => ((d.matches('code') ? d : d.querySelector('code'))?.textContent ?? '').trim());

    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      overlaps, clipped, smallTargets, brokenSentences, untranslated, texts,
    };
  }, MIN_TAP);
}
