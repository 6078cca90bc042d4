// Gives two Wagtail admin widgets the accessible name of their field label, for screen
// readers. In both, Wagtail's <label for> points at a hidden input that the widget replaces:
// - the Draftail rich-text editor's role="textbox" (wagtail/wagtail#14205, open);
// - the tag field's visible text input, added by the jQuery tag-it plugin.
// Remove a selector here once Wagtail labels that widget itself.
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

  document.addEventListener("DOMContentLoaded", () => {
    nameWidgets(document);
    new MutationObserver(() => nameWidgets(document)).observe(document.body, { childList: true, subtree: true });
  });
})();
