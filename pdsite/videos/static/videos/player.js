// The PD video player. The <video> has native controls only until this script runs (what
// plays if it never does); then the site's bar is the one set of controls, with: hls.js where Media Source Extensions exist (native
// HLS otherwise), a seek bar with thumbnail previews, speed 0.5–2×, a captions toggle,
// keyboard shortcuts, "Resume at m:ss / Start over", ?t=S (start at S) and ?start=S&end=E
// (play only that range), in-page chapter and ?t= links, and progress reports: the ranges
// actually played (video.played), every 10 s and on pause, end and page hide, and before
// leaving by a link or form (held until the report is recorded, so the next page counts it).
(function () {
  "use strict";

  const REPORT_EVERY_MS = 10000;
  const LEAVE_WAIT_MS = 2000; // the longest a link or form waits for the last report
  const RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
  const SMALL_STEP = 5;
  const BIG_STEP = 10;

  function clock(seconds) {
    const s = Math.max(0, Math.floor(seconds || 0));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = String(s % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
  }

  function number(value) {
    const n = Number(value);
    return value !== null && value !== "" && Number.isFinite(n) && n >= 0 ? n : null;
  }

  // ?t=S starts at S; ?start=S&end=E plays only [S, E].
  function requestedRange(duration) {
    const query = new URLSearchParams(window.location.search);
    const start = number(query.get("start"));
    const end = number(query.get("end"));
    if (start !== null && end !== null && end > start) {
      return { start: Math.min(start, duration || start), end: duration ? Math.min(end, duration) : end, only: true };
    }
    const t = number(query.get("t"));
    return { start: t || 0, end: null, only: false };
  }

  function attach(video, src, start) {
    if (window.Hls && window.Hls.isSupported()) {
      const hls = new window.Hls({ startPosition: start || -1 });
      hls.loadSource(src);
      hls.attachMedia(video);
      return hls;
    }
    if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = src;
      if (start) {
        video.addEventListener("loadedmetadata", () => { video.currentTime = start; }, { once: true });
      }
    }
  }

  function playedRanges(video) {
    const ranges = [];
    for (let i = 0; i < video.played.length; i += 1) {
      ranges.push([video.played.start(i), video.played.end(i)]);
    }
    return ranges;
  }

  // Each player's "send what is new and say when it is recorded" (see holdNavigation).
  const flushes = [];

  function reporter(figure, video) {
    const url = figure.dataset.reportUrl;
    if (!url) return;
    let lastSent = "";
    let pending = null; // the report on its way, until the server answers

    function body() {
      const data = new URLSearchParams();
      data.set("csrfmiddlewaretoken", figure.dataset.csrf);
      // The signed heartbeat token lets the server skip the session/CSRF work; if it has
      // expired the CSRF token above still gets the report recorded.
      if (figure.dataset.token) data.set("token", figure.dataset.token);
      data.set("video", figure.dataset.videoId);
      data.set("ranges", JSON.stringify(playedRanges(video)));
      data.set("position", String(video.currentTime));
      return data;
    }

    // `opening`: the report sent when playback starts, even with nothing played yet: the server
    // credits new seconds from the wall time since a viewer's window opened (progress/budget.py).
    // `useBeacon`: the page is going away; the browser delivers it after the page is gone.
    function send(useBeacon, opening = false) {
      if (!video.played.length && !opening) return;
      const data = body();
      const key = data.get("ranges") + data.get("position");
      if (key === lastSent) return;
      lastSent = key;
      if (useBeacon && navigator.sendBeacon && navigator.sendBeacon(url, data)) return;
      // keepalive: the report is still delivered if the page goes away meanwhile.
      const request = fetch(url, { method: "POST", body: data, credentials: "same-origin", keepalive: true })
        .then((response) => response.ok ? response.json() : null)
        .then((result) => {
          if (result) figure.dispatchEvent(new CustomEvent("player:progress", { detail: result }));
        })
        .catch(() => { lastSent = ""; })
        .finally(() => { if (pending === request) pending = null; });
      pending = request;
    }

    video.addEventListener("playing", () => send(false, true));
    video.addEventListener("pause", () => send(false));
    video.addEventListener("ended", () => send(false));
    window.setInterval(() => { if (!video.paused) send(false); }, REPORT_EVERY_MS);
    window.addEventListener("pagehide", () => send(true));
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") send(true); });
    figure.reportNow = () => send(false);
    // Send what is new; the report on its way (a promise), or null when there is none.
    flushes.push(() => { send(false); return pending; });
  }

  // Leaving by a link or a form while a report is new or on its way: hold the navigation until
  // the server has recorded it (at most LEAVE_WAIT_MS), then go. The page-hide beacon alone
  // races the next page's request, and the server may answer that first: My learning, opened
  // from a clip, would not yet show it. On the window, so in-page handlers (chapter links,
  // which seek instead) have already said whether they handle the event.
  function holdNavigation() {
    const reported = () => {
      const waits = flushes.map((flush) => flush()).filter(Boolean);
      if (!waits.length) return null;
      const timeout = new Promise((resolve) => { window.setTimeout(resolve, LEAVE_WAIT_MS); });
      return Promise.race([Promise.all(waits), timeout]);
    };
    window.addEventListener("click", (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target.closest && event.target.closest("a[href]");
      if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const to = new URL(link.href, window.location.href);
      const here = window.location;
      if (!/^https?:$/.test(to.protocol) || (to.hash && to.pathname === here.pathname && to.search === here.search)) return;
      const wait = reported();
      if (!wait) return;
      event.preventDefault();
      wait.then(() => window.location.assign(to.href));
    });
    let leaving = false;
    window.addEventListener("submit", (event) => {
      const form = event.target;
      if (event.defaultPrevented || leaving || (form.target && form.target !== "_self")) return;
      const wait = reported();
      if (!wait) return;
      event.preventDefault();
      wait.then(() => {
        leaving = true;
        form.requestSubmit(event.submitter && event.submitter.form === form ? event.submitter : undefined);
        leaving = false;
      });
    });
  }

  // WebVTT thumbnails track: cues whose text is "sprite.jpg#xywh=x,y,w,h".
  function loadThumbnails(url) {
    return fetch(url, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : ""))
      .then((text) => {
        const cues = [];
        const toSeconds = (stamp) => stamp.trim().split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
        text.split(/\r?\n\r?\n/).forEach((block) => {
          const lines = block.split(/\r?\n/).filter(Boolean);
          const timing = lines.findIndex((line) => line.includes("-->"));
          if (timing < 0 || !lines[timing + 1]) return;
          const [from, to] = lines[timing].split("-->").map((part) => toSeconds(part.split(" ").filter(Boolean)[0] || part));
          const [file, hash] = lines[timing + 1].trim().split("#xywh=");
          const image = new URL(file, new URL(url, window.location.href)).href;
          const [x, y, w, h] = (hash || "0,0,0,0").split(",").map(Number);
          cues.push({ from, to, image, x, y, w, h });
        });
        return cues;
      })
      .catch(() => []);
  }

  function setUp(figure) {
    const video = figure.querySelector("video");
    const extras = figure.querySelector(".player-extras");
    const duration = Number(figure.dataset.duration) || 0;
    const range = requestedRange(duration);
    const resumeAt = number(figure.dataset.resume);
    const $ = (selector) => figure.querySelector(selector);
    const playButton = $('[data-action="play"]');
    const seek = $('[data-action="seek"]');
    const rate = $('[data-action="rate"]');
    const captions = $('[data-action="captions"]');
    const time = $("[data-time]");
    const status = $("[data-status]");
    const preview = $("[data-preview]");
    let thumbnails = [];

    const hls = attach(video, figure.dataset.src, range.start) || null;
    reporter(figure, video);
    if (extras) {
      extras.hidden = false;
      video.controls = false; // one set of controls: the site's (mute and full screen included)
    }
    figure.tabIndex = -1;

    function say(message) {
      if (status) status.textContent = message;
    }

    function length() {
      return Number.isFinite(video.duration) && video.duration > 0 ? video.duration : duration;
    }

    // The length people read: the page's (its name says "Duration m:ss"), not the media's own
    // figure, which can fall a fraction of a second short and read one second less.
    function shownLength() {
      return duration || length();
    }

    function seekTo(seconds, { play = false } = {}) {
      const to = Math.min(Math.max(seconds, 0), length() || seconds);
      video.currentTime = to;
      if (play) video.play().catch(() => {});
    }

    function setRate(value) {
      const clamped = Math.min(Math.max(value, RATES[0]), RATES[RATES.length - 1]);
      video.playbackRate = clamped;
      if (rate) rate.value = String(clamped);
      say(`Speed ${clamped}×`);
    }

    // Captions are drawn by the site under the picture (the browser's own are ~9 px tall on a
    // phone), at the size chosen in "Caption size"; the track stays "hidden" so its cues fire.
    const captionBox = $("[data-captions]");
    const captionSize = $('[data-action="caption-size"]');
    let captionsOn = Boolean(captions) && captions.getAttribute("aria-pressed") === "true";
    // One caption track per language; the one shown is "Caption language"'s (player.html
    // marks the page's language as the select's choice), else the first.
    const captionLanguage = $('[data-action="caption-language"]');
    const captionTracks = [...(video.textTracks || [])].filter((t) => t.kind === "captions");
    function captionTrack() {
      const wanted = captionLanguage ? captionLanguage.value : "";
      return captionTracks.find((t) => t.language === wanted) || captionTracks[0];
    }
    function drawCaptions() {
      const track = captionTrack();
      if (!captionBox || !track) return;
      const cues = track.activeCues ? [...track.activeCues] : [];
      captionBox.textContent = cues.map((cue) => cue.text.replace(/<[^>]+>/g, "")).join("\n");
      captionBox.lang = track.language;
      captionBox.hidden = !captionsOn || !captionBox.textContent;
    }
    if (captionBox) {
      captionTracks.forEach((track) => {
        track.mode = "hidden";
        track.addEventListener("cuechange", drawCaptions);
      });
    }
    function chooseCaptionLanguage() {
      drawCaptions();
      const chosen = captionLanguage.options[captionLanguage.selectedIndex];
      say(`Captions: ${chosen ? chosen.textContent : captionLanguage.value}`);
      // The transcript panel (transcript.js) follows the chosen language.
      figure.dispatchEvent(new CustomEvent("pdsite:caption-language", { bubbles: true, detail: { language: captionLanguage.value } }));
    }
    if (captionLanguage) captionLanguage.addEventListener("change", chooseCaptionLanguage);
    if (captionSize && captionBox) {
      const saved = window.localStorage && window.localStorage.getItem("pdsite-caption-size");
      if (saved && [...captionSize.options].some((o) => o.value === saved)) captionSize.value = saved;
      const apply = () => {
        captionBox.dataset.size = captionSize.value;
        if (window.localStorage) window.localStorage.setItem("pdsite-caption-size", captionSize.value);
      };
      captionSize.addEventListener("change", apply);
      apply();
    }
    function toggleCaptions() {
      const track = captionTrack();
      if (!track) return;
      captionsOn = !captionsOn;
      if (!captionBox) track.mode = captionsOn ? "showing" : "hidden";
      drawCaptions();
      if (captions) captions.setAttribute("aria-pressed", String(captionsOn));
      say(captionsOn ? "Captions on" : "Captions off");
    }

    let resumePending = null; // set while "Resume at m:ss" is offered
    function togglePlay() {
      if (resumePending) resumePending();
      else if (video.paused || video.ended) video.play().catch(() => {});
      else video.pause();
    }

    let dragging = false;
    if (seek) {
      seek.addEventListener("pointerdown", () => { dragging = true; });
      window.addEventListener("pointerup", () => { dragging = false; });
    }

    // Play, time and seek bar follow the video.
    function refresh() {
      const now = video.currentTime || 0;
      if (time) time.textContent = `${clock(now)} / ${clock(shownLength())}`;
      // The handle follows playback, focused or not, except while it is being dragged.
      if (seek && !dragging) {
        seek.max = String(length() || seek.max);
        seek.value = String(now);
      }
      if (seek) seek.setAttribute("aria-valuetext", `${clock(now)} of ${clock(shownLength())}`);
      if (playButton) {
        const label = video.paused ? "Play" : "Pause";
        playButton.textContent = label;
        playButton.setAttribute("aria-label", label);
      }
    }
    ["timeupdate", "play", "pause", "loadedmetadata", "durationchange", "seeked"].forEach((name) => video.addEventListener(name, refresh));
    if (playButton) playButton.addEventListener("click", togglePlay);
    if (seek) seek.addEventListener("input", () => seekTo(Number(seek.value)));
    if (rate) rate.addEventListener("change", () => setRate(Number(rate.value)));
    if (captions) captions.addEventListener("click", toggleCaptions);
    const mute = $('[data-action="mute"]');
    function toggleMute() {
      video.muted = !video.muted;
      say(video.muted ? "Muted" : "Sound on");
    }
    if (mute) {
      mute.addEventListener("click", toggleMute);
      video.addEventListener("volumechange", () => mute.setAttribute("aria-pressed", String(video.muted)));
    }
    function toggleFullscreen() {
      if (document.fullscreenElement) document.exitFullscreen();
      else if (figure.requestFullscreen) figure.requestFullscreen().catch(() => {});
    }
    const fullscreen = $('[data-action="fullscreen"]');
    if (fullscreen) fullscreen.addEventListener("click", toggleFullscreen);
    video.addEventListener("ratechange", () => {
      // Native menus may offer faster than the server counts: keep within 0.5–2×.
      if (video.playbackRate > 2 || video.playbackRate < 0.5) setRate(video.playbackRate);
      else if (rate) rate.value = String(video.playbackRate);
    });

    // ?start=S&end=E: only that range.
    if (range.only) {
      const notice = $("[data-range-notice]");
      if (notice) {
        const whole = new URL(window.location.href);
        whole.searchParams.delete("start");
        whole.searchParams.delete("end");
        notice.innerHTML = "";
        notice.append(`Playing ${clock(range.start)} to ${clock(range.end)} of this clip. `);
        const link = document.createElement("a");
        link.href = whole.pathname + whole.search;
        link.textContent = "Watch the whole clip";
        notice.append(link);
        notice.hidden = false;
      }
      video.addEventListener("timeupdate", () => {
        if (range.only && video.currentTime >= range.end) {
          video.pause();
          video.currentTime = range.end;
          say("End of the range.");
        }
      });
      video.addEventListener("play", () => {
        if (range.only && video.currentTime >= range.end - 0.25) video.currentTime = range.start;
      });
    }

    // Resume at m:ss / Start over, when the server has a saved position and no start was asked for.
    // Focus goes to Play/Pause when the prompt goes (the focused button would vanish with it);
    // while it is shown, Play (button, Space or K) resumes: nobody means "from 0:00" by it.
    const prompt = $("[data-resume-prompt]");
    if (prompt && resumeAt !== null && !range.start) {
      prompt.hidden = false;
      const hide = () => {
        const hadFocus = prompt.contains(document.activeElement);
        prompt.hidden = true;
        if (hadFocus && playButton) playButton.focus();
      };
      resumePending = () => { hide(); seekTo(resumeAt, { play: true }); };
      $('[data-action="resume"]').addEventListener("click", resumePending);
      $('[data-action="restart"]').addEventListener("click", () => { hide(); seekTo(0, { play: true }); });
      video.addEventListener("play", () => { resumePending = null; window.setTimeout(hide, 0); }, { once: true });
    }

    // Copy a link to this moment (or to the range being played).
    const copy = $('[data-action="copy-link"]');
    if (copy) {
      copy.addEventListener("click", () => {
        const link = new URL(window.location.href);
        link.hash = "";
        if (!range.only) {
          link.searchParams.delete("start");
          link.searchParams.delete("end");
          link.searchParams.set("t", String(Math.floor(video.currentTime || 0)));
        }
        const text = link.href;
        const done = () => say(`Link copied: ${text}`);
        if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, () => say(text));
        else say(text);
      });
    }

    // Thumbnail preview over the seek bar.
    if (figure.dataset.thumbnailsUrl && seek && preview) {
      loadThumbnails(figure.dataset.thumbnailsUrl).then((cues) => { thumbnails = cues; });
      const image = preview.querySelector(".player-preview-image");
      const label = preview.querySelector("span");
      const show = (event) => {
        const box = seek.getBoundingClientRect();
        const fraction = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
        const at = fraction * length();
        const cue = thumbnails.find((c) => at >= c.from && at < c.to);
        if (cue) {
          image.style.width = `${cue.w}px`;
          image.style.height = `${cue.h}px`;
          image.style.backgroundImage = `url("${cue.image}")`;
          image.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
          image.hidden = false;
        } else {
          image.hidden = true;
        }
        label.textContent = clock(at);
        preview.style.left = `${fraction * 100}%`;
        preview.hidden = false;
      };
      seek.addEventListener("pointermove", show);
      seek.addEventListener("pointerleave", () => { preview.hidden = true; });
    }

    // Keyboard shortcuts while focus is in the player (not while typing or in a menu).
    figure.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target;
      if (target.matches("select, textarea, input:not([type=range])")) return;
      const onSeekBar = target === seek;
      const onButton = target.matches("button, a, summary");
      const key = event.key;
      let handled = true;
      if ((key === " " && !onButton) || key === "k" || key === "K") togglePlay();
      // On the seek bar too: 5 s a press, as the shortcuts list says (not the slider's 1 %).
      else if (key === "ArrowLeft" || (onSeekBar && key === "ArrowDown")) seekTo(video.currentTime - SMALL_STEP);
      else if (key === "ArrowRight" || (onSeekBar && key === "ArrowUp")) seekTo(video.currentTime + SMALL_STEP);
      else if (key === "j" || key === "J") seekTo(video.currentTime - BIG_STEP);
      else if (key === "l" || key === "L") seekTo(video.currentTime + BIG_STEP);
      else if (key === "ArrowUp" && !onSeekBar) video.volume = Math.min(1, video.volume + 0.1);
      else if (key === "ArrowDown" && !onSeekBar) video.volume = Math.max(0, video.volume - 0.1);
      else if (key === "m" || key === "M") toggleMute();
      else if (key === "c" || key === "C") toggleCaptions();
      else if (key === "f" || key === "F") toggleFullscreen();
      else if (key === "<" || key === ",") setRate(RATES[Math.max(RATES.indexOf(video.playbackRate) - 1, 0)] || 1);
      else if (key === ">" || key === ".") setRate(RATES[Math.min(RATES.indexOf(video.playbackRate) + 1, RATES.length - 1)] || 1);
      else if (/^[0-9]$/.test(key)) seekTo((Number(key) / 10) * length());
      else if (key === "Home") seekTo(0);
      else if (key === "End") seekTo(length());
      else handled = false;
      if (handled) event.preventDefault();
    });

    // Chapter and ?t= links on this page seek in place instead of reloading.
    document.addEventListener("click", (event) => {
      const link = event.target.closest && event.target.closest('a[href^="?t="]');
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const t = number(new URLSearchParams(link.getAttribute("href").slice(1)).get("t"));
      if (t === null) return;
      event.preventDefault();
      range.only = false;
      seekTo(t, { play: true });
      document.querySelectorAll('a[aria-current="time"]').forEach((a) => a.removeAttribute("aria-current"));
      link.setAttribute("aria-current", "time");
      video.focus();
    });

    refresh();
    // Features that live in their own scripts (audio description, audio and caption tracks)
    // join the player here instead of editing this function: they listen for "pdsite:player"
    // on the figure, or read figure.pdsitePlayer if they run later.
    figure.pdsitePlayer = { video, hls, say, seekTo };
    figure.dispatchEvent(new CustomEvent("pdsite:player", { bubbles: true, detail: figure.pdsitePlayer }));
  }

  document.querySelectorAll("[data-player]").forEach(setUp);
  if (flushes.length) holdNavigation();
})();
