// Audio description (issue #18, WCAG 1.2.5): when the video has a <track kind="descriptions">,
// an "Audio description" button joins the player's bar with a Voice and a Description speed
// select. Turned on, each cue is spoken at its start time with the browser's speech synthesis
// in the chosen voice and speed, and written into a polite live region, so a screen reader
// reads it too ("Screen reader only" speaks nothing itself). A cue whose identifier starts
// "extended-" (the editor's "This cue needs a pause") pauses the video while it is spoken and
// resumes when speech ends; without speech the pause lasts as long as reading it takes.
// The choices are remembered in localStorage. Each cue sends a bubbling "pdsite:description"
// event (detail: phase "cue", "start", "end" or "error", the text, extended) for tests and
// other scripts. Joins players through player.js's extension point, as player_audio.js does.
(function () {
  "use strict";

  const KEYS = { on: "pdsite.descriptions", voice: "pdsite.descriptionVoice", rate: "pdsite.descriptionRate" };
  const RATES = ["0.75", "1", "1.25", "1.5", "2"];
  const SCREEN_READER_ONLY = "none";
  const EXTENDED = /^extended-/;
  const WORDS_PER_SECOND = 2.5; // how long a pause lasts when nothing is spoken

  function stored(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null; // storage blocked: nothing remembered
    }
  }

  function store(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (error) {
      // storage blocked: the choice lasts for this page only
    }
  }

  function labelled(text, select) {
    const label = document.createElement("label");
    label.className = "player-rate";
    label.append(`${text} `, select);
    return label;
  }

  function join(figure, player) {
    const { video, say } = player;
    if (figure.dataset.descriptions) return;
    const tracks = Array.from(video.textTracks).filter((track) => track.kind === "descriptions");
    const bar = figure.querySelector(".player-bar");
    if (!tracks.length || !bar) return;
    figure.dataset.descriptions = "offered";
    const speech = window.speechSynthesis && window.SpeechSynthesisUtterance ? window.speechSynthesis : null;

    const button = document.createElement("button");
    button.type = "button";
    button.dataset.action = "descriptions";
    button.setAttribute("aria-pressed", "false");
    button.textContent = "Audio description";
    const voice = document.createElement("select");
    voice.dataset.action = "description-voice";
    const rate = document.createElement("select");
    rate.dataset.action = "description-rate";
    RATES.forEach((value) => rate.append(new Option(`${value}×`, value)));
    rate.value = RATES.includes(stored(KEYS.rate)) ? stored(KEYS.rate) : "1";
    const choices = document.createElement("span");
    choices.className = "player-description-choices";
    choices.hidden = true;
    choices.append(labelled("Voice", voice), labelled("Description speed", rate));
    bar.insertBefore(button, bar.querySelector('[data-action="mute"]'));
    bar.insertBefore(choices, bar.querySelector('[data-action="mute"]'));
    const live = document.createElement("p");
    live.className = "player-sr-only";
    live.setAttribute("aria-live", "polite");
    live.dataset.descriptionLive = "";
    bar.after(live);

    let on = false;
    let track = null;
    let active = new Set(); // the cues on at the last cuechange: only newly started ones are spoken
    let waiting = null; // the extended cue the video is paused for, until its speech ends

    function emit(phase, cue) {
      const detail = { phase, text: cue.text, extended: EXTENDED.test(cue.id) };
      figure.dispatchEvent(new CustomEvent("pdsite:description", { bubbles: true, detail }));
    }

    function fillVoices() {
      const chosen = voice.value || stored(KEYS.voice) || "";
      const language = (track && track.language) || "";
      const voices = speech ? speech.getVoices() : [];
      const matching = voices.filter((v) => v.lang.toLowerCase().startsWith(language.toLowerCase()));
      voice.replaceChildren(new Option("Screen reader only", SCREEN_READER_ONLY));
      if (speech) voice.append(new Option("Browser default", ""));
      (matching.length ? matching : voices).forEach((v) => voice.append(new Option(`${v.name} (${v.lang})`, v.voiceURI)));
      const values = Array.from(voice.options, (option) => option.value);
      voice.value = values.includes(chosen) ? chosen : speech ? "" : SCREEN_READER_ONLY;
    }

    function resume(cue) {
      if (waiting !== cue) return;
      waiting = null;
      if (on) video.play().catch(() => {});
    }

    function speak(cue) {
      const extended = EXTENDED.test(cue.id);
      live.textContent = cue.text;
      emit("cue", cue);
      if (extended && !video.paused) {
        waiting = cue;
        video.pause();
      }
      const reading = Math.max(1000, (cue.text.split(/\s+/).length / WORDS_PER_SECOND / Number(rate.value)) * 1000);
      if (!speech || voice.value === SCREEN_READER_ONLY) {
        if (waiting === cue) window.setTimeout(() => resume(cue), reading);
        return;
      }
      const utterance = new window.SpeechSynthesisUtterance(cue.text);
      utterance.rate = Number(rate.value);
      utterance.lang = track.language || document.documentElement.lang || "en";
      const chosen = speech.getVoices().find((v) => v.voiceURI === voice.value);
      if (chosen) utterance.voice = chosen;
      utterance.onstart = () => emit("start", cue);
      utterance.onend = () => {
        emit("end", cue);
        resume(cue);
      };
      utterance.onerror = (event) => {
        if (event.error === "interrupted" || event.error === "canceled") return;
        emit("error", cue); // no voice could speak it: the reader has the live region, the pause its reading time
        window.setTimeout(() => resume(cue), reading);
      };
      speech.speak(utterance);
    }

    function onCueChange() {
      const now = new Set(Array.from(track.activeCues || []));
      if (on && !video.seeking) now.forEach((cue) => { if (!active.has(cue)) speak(cue); });
      active = now;
    }

    function stopSpeaking() {
      if (speech) speech.cancel();
      waiting = null;
    }

    function chooseTrack() {
      const language = (figure.querySelector('[data-action="caption-language"]') || {}).value
        || (Array.from(video.textTracks).find((t) => t.kind === "captions" && t.mode !== "disabled") || {}).language;
      const next = tracks.find((t) => t.language === language) || tracks[0];
      if (next === track) return;
      if (track) {
        track.removeEventListener("cuechange", onCueChange);
        track.mode = "disabled";
      }
      track = next;
      active = new Set();
      track.addEventListener("cuechange", onCueChange);
      if (on) track.mode = "hidden";
      fillVoices();
    }

    function turn(wanted, { announce }) {
      on = wanted;
      button.setAttribute("aria-pressed", String(on));
      choices.hidden = !on;
      store(KEYS.on, on ? "on" : "off");
      if (on) {
        // Cues already on when it is turned on are not spoken (they started before).
        track.mode = "hidden";
        active = new Set(Array.from(track.activeCues || []));
      } else {
        const paused = waiting;
        stopSpeaking();
        track.mode = "disabled";
        live.textContent = "";
        if (paused) video.play().catch(() => {});
      }
      if (announce) say(on ? "Audio description on" : "Audio description off");
    }

    button.addEventListener("click", () => turn(!on, { announce: true }));
    voice.addEventListener("change", () => store(KEYS.voice, voice.value));
    rate.addEventListener("change", () => store(KEYS.rate, rate.value));
    video.addEventListener("seeking", stopSpeaking);
    video.addEventListener("play", () => { waiting = null; }); // the viewer played on: do not resume again
    figure.addEventListener("pdsite:caption-language", chooseTrack);
    if (speech) speech.addEventListener("voiceschanged", fillVoices);
    chooseTrack();
    if (stored(KEYS.on) === "on") turn(true, { announce: false });
  }

  document.addEventListener("pdsite:player", (event) => {
    join(event.target.closest("figure[data-player]") || event.target, event.detail);
  });
  document.querySelectorAll("figure[data-player]").forEach((figure) => {
    if (figure.pdsitePlayer) join(figure, figure.pdsitePlayer);
  });
})();
