// Gives two Wagtail admin widgets the accessible name of their field label, for screen
// readers. In both, Wagtail's <label for> points at a hidden input that the widget replaces:
// - the Draftail rich-text editor's role="textbox" (wagtail/wagtail#14205, open);
// - the tag field's visible text input, added by the jQuery tag-it plugin.
// Remove a selector here once Wagtail labels that widget itself.
// Also: after something is picked in a chooser's modal (a page's video, image, document), the
// modal closes with focus inside it and the "Choose" button that opened it is now hidden, so
// focus fell to the page body; it goes to the chooser's visible button ("Change") instead.
(function () {
  "use strict";

  const UNLABELLED = [
    '.Draftail-Editor [role="textbox"]:not([aria-labelledby])',
    ".tagit-new input:not([aria-labelledby])",
  ].join(", ");

  function labelFor(element) {
    const field = element.closest(".w-field");
    const input = field && field.querySelector("input[type=hidden][id], input[id]:not(.ui-autocomplete-input)");
    const label = input && document.querySelector(`label[for="${input.id}"]`);
    if (label && !label.id) label.id = `${input.id}-label`;
    return label;
  }

  function nameWidgets(root) {
    root.querySelectorAll(UNLABELLED).forEach((widget) => {
      const label = labelFor(widget);
      if (label) widget.setAttribute("aria-labelledby", label.id);
    });
  }

  function visibleButton(chooser) {
    return [...chooser.querySelectorAll("button")].find((button) => button.getClientRects().length > 0);
  }

  // Wagtail's chooser sets its hidden input and fires "change" on it, then closes the modal.
  document.addEventListener("change", (event) => {
    const input = event.target;
    const chooser = input instanceof HTMLInputElement && input.type === "hidden" && document.getElementById(`${input.id}-chooser`);
    if (!chooser || !document.querySelector(".modal.in")) return;
    const deadline = Date.now() + 3000;
    const settle = () => {
      const closing = document.querySelector(".modal.in") || document.activeElement?.closest(".modal");
      if (closing && document.body.contains(closing) && Date.now() < deadline) {
        window.requestAnimationFrame(settle);
        return;
      }
      const focused = document.activeElement;
      if (!focused || focused === document.body || !focused.getClientRects().length) visibleButton(chooser)?.focus();
    };
    window.requestAnimationFrame(settle);
  });

  document.addEventListener("DOMContentLoaded", () => {
    nameWidgets(document);
    new MutationObserver(() => nameWidgets(document)).observe(document.body, { childList: true, subtree: true });
  });
})();
