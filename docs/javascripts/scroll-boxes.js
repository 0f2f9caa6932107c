/*
 * A table or a diagram wider than the screen scrolls inside its own box, and a
 * reader who uses the keyboard must be able to reach that box to scroll it. So
 * a box that overflows takes the focus, and says what it is; one that fits
 * stays out of the way of the Tab key.
 */
(function () {
  const BOXES = ".md-typeset__scrollwrap, .md-typeset div.mermaid";

  function update(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      const what = box.matches(".mermaid") ? "Diagram" : "Table";
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", `${what}, scrolls sideways`);
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  // A box changes size when the window does, and when Mermaid draws into it.
  const resized = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target); });
  });
  const watched = new WeakSet();

  function watch() {
    document.querySelectorAll(BOXES).forEach(function (box) {
      if (!watched.has(box)) {
        watched.add(box);
        resized.observe(box);
      }
    });
  }

  // Material puts each diagram into its box after the page has loaded.
  new MutationObserver(watch).observe(document.body, {childList: true, subtree: true});
  watch();
})();
