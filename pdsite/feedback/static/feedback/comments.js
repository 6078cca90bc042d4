// The comment panel under a player (feedback/_panel.html): markers on the seek bar at the
// comments' moments, a list that follows playback (the comment being played is highlighted and
// kept in view, as the transcript does, without moving focus), time buttons and markers that
// seek, the moment field prefilled from the player, and posting, replying, editing, resolving
// and deleting without leaving the page (the forms also work without this script). What
// happened is announced in the panel's live region.
(function () {
  "use strict";

  // A moment comment stays "current" this long after its second (a range: until its end).
  const HOLD_SECONDS = 5;
  // Markers closer than this (px) are one button, so each target keeps 24 px to itself.
  const MARKER_PX = 26;

  function clock(seconds) {
    const s = Math.max(0, Math.floor(seconds || 0));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = String(s % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
  }

  function setUp(panel) {
    const figure = document.querySelector(`[data-player][data-video-id="${panel.dataset.videoId}"]`);
    const video = figure && figure.querySelector("video");
    const status = panel.querySelector("[data-feedback-status]");
    const listBox = panel.querySelector("[data-feedback-list]");
    const create = panel.querySelector('form[data-feedback-form="create"]');
    const startInput = create && create.querySelector("[data-feedback-start]");
    let startChosen = false; // the writer typed a moment or started writing: stop following
    let items = [];
    let current = null;
    let strip = null;

    function say(message) {
      // Cleared first, so the same words twice are announced twice.
      status.textContent = "";
      window.setTimeout(() => { status.textContent = message; }, 50);
    }

    function length() {
      if (video && Number.isFinite(video.duration) && video.duration > 0) return video.duration;
      return Number(figure && figure.dataset.duration) || 0;
    }

    function seek(seconds) {
      if (!video) return;
      video.currentTime = Math.min(Math.max(seconds, 0), length() || seconds);
      follow();
    }

    function collect() {
      items = Array.from(listBox.querySelectorAll("[data-feedback-comments] > li")).map((li) => {
        const end = li.dataset.end === "" ? null : Number(li.dataset.end);
        return {
          li,
          id: li.id,
          start: Number(li.dataset.start),
          end,
          kind: li.dataset.kind,
          time: li.querySelector("[data-feedback-seek]"),
          text: (li.querySelector(".feedback__text") || li).textContent.trim(),
          marker: null,
        };
      });
      current = null;
    }

    // --- Markers on the seek bar ----------------------------------------------------------
    function markers() {
      if (!figure) return;
      const scrub = figure.querySelector(".player-scrub");
      if (!strip) {
        strip = document.createElement("div");
        strip.className = "feedback-markers";
        strip.setAttribute("role", "group");
        strip.setAttribute("aria-label", "Comments on the seek bar");
        if (scrub) {
          scrub.classList.add("has-feedback-markers");
          scrub.append(strip);
        } else {
          figure.append(strip);
        }
        // Laid out again when the player shows its bar (it may run after this script) and
        // when the page is resized: positions are worked out in pixels.
        if (window.ResizeObserver) new ResizeObserver(() => markers()).observe(strip);
        else window.addEventListener("resize", markers);
      }
      strip.replaceChildren();
      const total = length();
      const width = strip.getBoundingClientRect().width;
      if (!total || !width) return;
      const groups = [];
      items.slice().sort((a, b) => a.start - b.start).forEach((item) => {
        const x = (Math.min(item.start, total) / total) * width;
        const last = groups[groups.length - 1];
        if (last && x - last.x < MARKER_PX) last.items.push(item);
        else groups.push({ x, items: [item] });
      });
      groups.forEach((group) => {
        const first = group.items[0];
        const button = document.createElement("button");
        button.type = "button";
        button.className = `feedback-marker feedback-marker--${first.kind.toLowerCase()}`;
        button.style.left = `${(group.x / width) * 100}%`;
        const more = group.items.length - 1;
        button.setAttribute(
          "aria-label",
          `${first.kind} at ${clock(first.start)}${more ? ` and ${more} more comment${more > 1 ? "s" : ""} near it` : ""}`,
        );
        button.addEventListener("click", () => {
          seek(first.start);
          say(`${first.kind} at ${clock(first.start)}: ${first.text}`);
        });
        group.items.forEach((item) => { item.marker = button; });
        strip.append(button);
      });
    }

    // --- The list follows playback ----------------------------------------------------------
    function follow() {
      if (!video) return;
      const t = video.currentTime;
      let now = null;
      items.forEach((item) => {
        const until = item.end !== null ? item.end : item.start + HOLD_SECONDS;
        if (t >= item.start && t < until) now = item;
      });
      if (now === current) return;
      if (current) {
        current.li.classList.remove("is-current");
        if (current.time) current.time.removeAttribute("aria-current");
        if (current.marker) current.marker.classList.remove("is-current");
      }
      current = now;
      if (!current) return;
      current.li.classList.add("is-current");
      if (current.time) current.time.setAttribute("aria-current", "true");
      if (current.marker) current.marker.classList.add("is-current");
      // As the transcript does: keep it in view inside the list without moving the page or focus.
      const list = current.li.parentElement;
      const top = current.li.offsetTop - list.offsetTop;
      if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - current.li.offsetHeight) {
        list.scrollTop = top - list.clientHeight / 3;
      }
    }

    function refresh() {
      collect();
      markers();
      follow();
    }

    listBox.addEventListener("click", (event) => {
      const button = event.target.closest("[data-feedback-seek]");
      if (!button) return;
      seek(Number(button.dataset.feedbackSeek));
    });

    // --- The moment field --------------------------------------------------------------
    function fillStart() {
      if (startInput && video) startInput.value = clock(video.currentTime);
    }
    if (create && startInput) {
      startInput.addEventListener("input", () => { startChosen = true; });
      create.addEventListener("focusin", (event) => {
        if (event.target !== startInput && !event.target.matches("[data-feedback-now]")) startChosen = true;
      });
      const now = create.querySelector("[data-feedback-now]");
      if (now) {
        now.addEventListener("click", () => {
          fillStart();
          startChosen = true;
          say(`Moment set to ${startInput.value}.`);
        });
      }
      fillStart();
    }

    // --- Posting ---------------------------------------------------------------------------
    function showError(form, data) {
      const box = form.querySelector("[data-feedback-error]");
      form.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
      const message = (data && data.message) || "That did not work. Reload the page and try again.";
      if (box) box.textContent = message;
      const names = Object.keys((data && data.errors) || {}).filter((name) => name !== "__all__");
      const field = names.length && form.querySelector(`[name="${names[0]}"]`);
      if (field) {
        field.setAttribute("aria-invalid", "true");
        field.focus();
      }
    }

    function focusAfter(kind, form, data) {
      // Post comment was disabled while sending, which dropped focus to the page: back to the
      // comment field, ready for the next comment.
      if (kind === "create") {
        form.querySelector("textarea").focus();
        return;
      }
      const target = data.comment_id && document.getElementById(`comment-${data.comment_id}`);
      if (target) {
        (target.querySelector("[data-feedback-seek]") || target).focus();
      } else {
        panel.querySelector("h2").focus();
      }
    }

    panel.addEventListener("submit", (event) => {
      const form = event.target.closest("form[data-feedback-form]");
      if (!form) return;
      event.preventDefault(); // also tells the player's leave-the-page hold to let it be
      const kind = form.dataset.feedbackForm;
      const submit = form.querySelector("[type=submit]");
      if (submit) submit.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then((response) => response.json().catch(() => null))
        .then((data) => {
          if (!data || !data.ok) {
            showError(form, data);
            return;
          }
          listBox.innerHTML = data.html; // server-rendered and escaped: feedback/_comments.html
          refresh();
          if (kind === "create") {
            form.querySelector("textarea").value = "";
            const box = form.querySelector("[data-feedback-error]");
            if (box) box.textContent = "";
            form.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
            startChosen = false;
          }
          say(data.message);
          focusAfter(kind, form, data);
        })
        .catch(() => showError(form, null))
        .finally(() => { if (submit && submit.isConnected) submit.disabled = false; });
    });

    if (video) {
      video.addEventListener("timeupdate", () => {
        follow();
        if (!startChosen) fillStart();
      });
      video.addEventListener("seeked", () => {
        follow();
        if (!startChosen) fillStart();
      });
      ["loadedmetadata", "durationchange"].forEach((name) => video.addEventListener(name, markers));
    }
    refresh();
  }

  document.querySelectorAll("[data-feedback]").forEach(setUp);
})();
