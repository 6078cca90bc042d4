// The transcript editor: split, merge, add and delete cues, and play the video from a cue.
// Everything stays a plain form (start, end and text fields in order), so saving is one POST
// and the server checks every cue; this script only rearranges the rows.
(function () {
  "use strict";

  const editor = document.querySelector("[data-transcript-editor]");
  if (!editor) return;
  const list = editor.querySelector("[data-cue-list]");
  const template = editor.querySelector("[data-cue-template]");
  const announcer = editor.querySelector("[data-cue-announcer]");
  let stopAtEnd = null;

  function parseTime(value) {
    const text = String(value || "").trim().replace(",", ".");
    if (!/^(\d+:)?(\d{1,2}:)?\d+(\.\d+)?$/.test(text)) return null;
    return text.split(":").reduce((total, part) => total * 60 + Number(part), 0);
  }

  function formatTime(seconds) {
    const ms = Math.max(0, Math.round(seconds * 1000));
    const pad = (n, w) => String(n).padStart(w, "0");
    const h = Math.floor(ms / 3600000);
    const m = Math.floor((ms % 3600000) / 60000);
    const s = Math.floor((ms % 60000) / 1000);
    return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms % 1000, 3)}`;
  }

  const field = (row, name) => row.querySelector(`[data-field="${name}"]`);
  const rows = () => Array.from(list.querySelectorAll("[data-cue]"));

  function announce(message) {
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = message; }, 50);
  }

  // Ids, labels and the cue numbers read out to screen readers follow the order on screen.
  function renumber() {
    rows().forEach((row, index) => {
      const n = index + 1;
      row.querySelectorAll("[data-n]").forEach((span) => { span.textContent = String(n); });
      ["start", "end", "text", "pause"].forEach((name) => {
        const input = field(row, name);
        if (!input) return; // "pause": the audio description editor's rows only
        input.id = `cue-${n}-${name}`;
        row.querySelector(`label[data-for="${name}"]`).htmlFor = input.id;
      });
    });
  }

  function newRow(start, end, text) {
    const fragment = template.content.cloneNode(true);
    const row = fragment.querySelector("[data-cue]");
    field(row, "start").value = formatTime(start);
    field(row, "end").value = formatTime(end);
    field(row, "text").value = text;
    return row;
  }

  function player() {
    return editor.querySelector("[data-player] video");
  }

  const actions = {
    // Plays just this cue, so the words can be checked against what is said.
    play(row) {
      const video = player();
      const start = parseTime(field(row, "start").value);
      const end = parseTime(field(row, "end").value);
      if (!video || start === null) return;
      if (stopAtEnd) video.removeEventListener("timeupdate", stopAtEnd);
      stopAtEnd = end === null ? null : () => {
        if (video.currentTime >= end) {
          video.pause();
          video.removeEventListener("timeupdate", stopAtEnd);
          stopAtEnd = null;
        }
      };
      if (stopAtEnd) video.addEventListener("timeupdate", stopAtEnd);
      video.currentTime = start;
      const playing = video.play();
      if (playing && playing.catch) playing.catch(() => {});
    },
    split(row) {
      const text = field(row, "text");
      const value = text.value;
      let at = text.selectionStart;
      if (!(at > 0 && at < value.length)) {
        // No cursor inside the text: split between words, near the middle.
        const middle = Math.floor(value.length / 2);
        const space = value.indexOf(" ", middle);
        at = space > 0 ? space : value.lastIndexOf(" ", middle);
      }
      if (!(at > 0 && at < value.length)) { announce("This cue is too short to split."); return; }
      const start = parseTime(field(row, "start").value) || 0;
      const end = parseTime(field(row, "end").value) || start;
      const middleTime = start + (end - start) * (at / value.length);
      text.value = value.slice(0, at).trim();
      field(row, "end").value = formatTime(middleTime);
      const added = newRow(middleTime, end, value.slice(at).trim());
      row.after(added);
      renumber();
      field(added, "text").focus();
      announce("Cue split in two.");
    },
    merge(row) {
      const next = row.nextElementSibling;
      if (!next) { announce("There is no next cue to merge with."); return; }
      field(row, "text").value = `${field(row, "text").value.trim()} ${field(next, "text").value.trim()}`.trim();
      field(row, "end").value = field(next, "end").value;
      next.remove();
      renumber();
      field(row, "text").focus();
      announce("Cues merged.");
    },
    add(row) {
      const end = parseTime(field(row, "end").value) || 0;
      const next = row.nextElementSibling;
      const nextStart = next ? parseTime(field(next, "start").value) : null;
      const added = newRow(end, nextStart !== null && nextStart > end ? Math.min(nextStart, end + 2) : end + 2, "");
      row.after(added);
      renumber();
      field(added, "text").focus();
      announce("Empty cue added.");
    },
    delete(row) {
      const focusNext = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber();
      // The last cue gone, focus would fall to the page: "Add a cue at the end" is what comes next.
      if (focusNext) field(focusNext, "text").focus();
      else editor.querySelector('button[data-action="append"]')?.focus();
      announce("Cue deleted.");
    },
    append() {
      const last = rows().pop();
      if (last) { actions.add(last); return; }
      const added = newRow(0, 2, "");
      list.append(added);
      renumber();
      field(added, "text").focus();
    },
  };

  editor.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button || !editor.contains(button) || button.closest("[data-player]")) return; // the player's own buttons
    const action = actions[button.dataset.action];
    if (!action) return;
    event.preventDefault();
    action(button.closest("[data-cue]"));
  });
})();

// Leaving the editor with unsaved changes asks first (saving or uploading does not).
(function () {
  "use strict";
  const form = document.getElementById("cue-form");
  if (!form) return;
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("click", (event) => { if (event.target.closest("button[data-action]:not([data-action=play])")) dirty = true; });
  document.querySelectorAll("form").forEach((f) => f.addEventListener("submit", () => { dirty = false; }));
  window.addEventListener("beforeunload", (event) => {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
