// The PD video player: hls.js where Media Source Extensions exist (preferred even when the
// browser also claims native HLS), native HLS otherwise. Starts at ?t=SECONDS, and for a
// signed-in viewer reports the ranges actually played (video.played) so the server can
// count unique seconds watched.
(function () {
  "use strict";

  const REPORT_EVERY_MS = 10000;

  function startSeconds() {
    const t = Number(new URLSearchParams(window.location.search).get("t"));
    return Number.isFinite(t) && t > 0 ? t : 0;
  }

  function attach(video, src, start) {
    if (window.Hls && window.Hls.isSupported()) {
      const hls = new window.Hls({ startPosition: start });
      hls.loadSource(src);
      hls.attachMedia(video);
      return;
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

  function reporter(figure, video) {
    const url = figure.dataset.reportUrl;
    if (!url) return;
    let lastSent = "";

    function body() {
      const data = new URLSearchParams();
      data.set("csrfmiddlewaretoken", figure.dataset.csrf);
      data.set("video", figure.dataset.videoId);
      data.set("ranges", JSON.stringify(playedRanges(video)));
      data.set("position", String(video.currentTime));
      return data;
    }

    function send(useBeacon) {
      const data = body();
      const key = data.get("ranges") + data.get("position");
      if (key === lastSent) return;
      lastSent = key;
      if (useBeacon && navigator.sendBeacon) {
        navigator.sendBeacon(url, data);
      } else {
        fetch(url, { method: "POST", body: data, credentials: "same-origin" }).catch(() => { lastSent = ""; });
      }
    }

    video.addEventListener("play", () => send(false));
    video.addEventListener("pause", () => send(false));
    video.addEventListener("ended", () => send(false));
    window.setInterval(() => { if (!video.paused) send(false); }, REPORT_EVERY_MS);
    window.addEventListener("pagehide", () => send(true));
  }

  document.querySelectorAll("[data-player]").forEach((figure) => {
    const video = figure.querySelector("video");
    attach(video, figure.dataset.src, startSeconds());
    reporter(figure, video);
  });
})();
