// Names Draftail rich-text editors after their field label, for screen readers.
// Wagtail's <label for> points at the hidden input the editor replaces, so the editable
// role="textbox" has no accessible name (wagtail/wagtail#14205, open). Remove this file
// once Wagtail passes ariaLabelledBy to Draftail itself.
(function () {
  "use strict";

  function nameEditors(root) {
    root.querySelectorAll('.Draftail-Editor [role="textbox"]:not([aria-labelledby])').forEach((box) => {
      const field = box.closest(".w-field");
      const input = field && field.querySelector("input[type=hidden][id]");
      const label = input && document.querySelector(`label[for="${input.id}"]`);
      if (!label) return;
      if (!label.id) label.id = `${input.id}-label`;
      box.setAttribute("aria-labelledby", label.id);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    nameEditors(document);
    new MutationObserver(() => nameEditors(document)).observe(document.body, { childList: true, subtree: true });
  });
})();
