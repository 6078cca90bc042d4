// The interactive transcript beside a clip's player: the cue being said is highlighted
// (aria-current), a click on a cue seeks the video there, and the search box filters the
// cues and marks the words found. One cue list per caption language: the one shown follows
// the player's "Caption language" (the pdsite:caption-language event from player.js).
(function () {
  "use strict";

  document.querySelectorAll("[data-transcript]").forEach((section) => {
    const figure = document.querySelector(`[data-player][data-video-id="${section.dataset.videoId}"]`);
    const video = figure && figure.querySelector("video");
    const lists = Array.from(section.querySelectorAll("[data-transcript-language]")).map((list) => ({
      list,
      language: list.dataset.transcriptLanguage,
      cues: Array.from(list.querySelectorAll("[data-transcript-cues] > li")).map((item) => ({
        item,
        start: Number(item.dataset.start),
        end: Number(item.dataset.end),
        button: item.querySelector("button"),
        textNode: item.querySelector(".transcript__text"),
        text: item.querySelector(".transcript__text").textContent,
      })),
    }));
    let shownList = lists.find((entry) => !entry.list.hidden) || lists[0];
    let cues = shownList ? shownList.cues : [];
    const filter = section.querySelector("[data-transcript-filter]");
    const count = section.querySelector("[data-transcript-count]");
    let current = null;

    function showLanguage(language) {
      const wanted = lists.find((entry) => entry.language === language);
      if (!wanted || wanted === shownList) return;
      lists.forEach((entry) => { entry.list.hidden = entry !== wanted; });
      if (current) current.button.removeAttribute("aria-current");
      current = null;
      shownList = wanted;
      cues = wanted.cues;
      if (filter) search();
      if (video) follow();
    }
    if (figure) figure.addEventListener("pdsite:caption-language", (event) => showLanguage(event.detail.language));

    function follow() {
      const t = video.currentTime;
      const now = cues.find((cue) => t >= cue.start && t < cue.end) || null;
      if (now === current) return;
      if (current) current.button.removeAttribute("aria-current");
      current = now;
      if (current) {
        current.button.setAttribute("aria-current", "true");
        // Keep the current cue in view inside the list without moving the page.
        const list = current.item.parentElement;
        const top = current.item.offsetTop - list.offsetTop;
        if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - current.item.offsetHeight) {
          list.scrollTop = top - list.clientHeight / 3;
        }
      }
    }

    if (video) {
      video.addEventListener("timeupdate", follow);
      video.addEventListener("seeked", follow);
      lists.flatMap((entry) => entry.cues).forEach((cue) => {
        cue.button.addEventListener("click", () => {
          video.currentTime = cue.start;
          follow();
          const playing = video.play();
          if (playing && playing.catch) playing.catch(() => {});
        });
      });
    }

    function escapeRegExp(text) {
      return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }

    function search() {
      const query = filter.value.trim();
      let shown = 0;
      const pattern = query ? new RegExp(escapeRegExp(query), "gi") : null;
      cues.forEach((cue) => {
        cue.textNode.textContent = cue.text;
        const match = !pattern || cue.text.search(pattern) !== -1;
        cue.item.hidden = !match;
        if (!match) return;
        shown += 1;
        if (!pattern) return;
        // Rebuild the text with <mark> around each match, using text nodes only (no HTML).
        cue.textNode.textContent = "";
        let last = 0;
        cue.text.replace(pattern, (found, offset) => {
          cue.textNode.append(document.createTextNode(cue.text.slice(last, offset)));
          const mark = document.createElement("mark");
          mark.textContent = found;
          cue.textNode.append(mark);
          last = offset + found.length;
          return found;
        });
        cue.textNode.append(document.createTextNode(cue.text.slice(last)));
      });
      count.textContent = query ? `${shown} of ${cues.length} lines match “${query}”.` : "";
    }

    if (filter) filter.addEventListener("input", search);
  });
})();
