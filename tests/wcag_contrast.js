// Every piece of visible text in the document whose contrast with what is behind it is below
// `minimum`, by WCAG 2's formula: [ratio, colour, tag, nearest data-testid, text].
// The text's colour is blended with the opacity of it and its ancestors (Streamlit fades captions
// that way); the background is the stack of ancestor backgrounds under the text's centre.
// Disabled controls and hidden text are left out, as WCAG leaves them out, and what `skip`
// (a CSS selector, or "") matches.
([minimum, skip]) => {
  const rgba = (css) => {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const luminance = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const background = (el) => {
    const box = el.getBoundingClientRect();
    const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const r = e.getBoundingClientRect();
      const under = e === document.body || e === document.documentElement ||
        (r.left <= cx && cx <= r.right && r.top <= cy && cy <= r.bottom);
      const colour = rgba(getComputedStyle(e).backgroundColor);
      if (!under || !colour || colour[3] === 0) continue;  // a box the text has left (a slider's thumb)
      layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((bg, layer) => over(layer, bg), [255, 255, 255, 1]);
  };
  const low = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    const text = walker.currentNode.textContent.trim();
    if (!text || !el || seen.has(el)) continue;
    seen.add(el);
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
    if (el.closest("[aria-hidden=true], :disabled, [aria-disabled=true], svg, noscript, style, script")) continue;
    if (skip && el.closest(skip)) continue;
    let alpha = 1;
    for (let e = el; e; e = e.parentElement) alpha *= +getComputedStyle(e).opacity;
    if (alpha === 0) continue;
    const colour = rgba(style.color);
    colour[3] *= alpha;
    const bg = background(el);
    const r = ratio(over(colour, bg), bg);
    if (r < minimum) {
      const owner = el.closest("[data-testid]");
      low.push([Math.round(r * 100) / 100, style.color, el.tagName, owner ? owner.dataset.testid : "", text.slice(0, 40)]);
    }
  }
  return low;
}
