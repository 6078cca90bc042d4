// Audio track choice (issue #18): when hls.js lists an audio rendition that describes the
// picture (CHARACTERISTICS="public.accessibility.describes-video": a described audio track
// uploaded by a PD lead), an "Audio track" select (Standard / Described) joins the player's
// bar. Choosing sets hls.audioTrack (hls.js then loads that audio playlist and its segments
// in place of the video's own sound), says so in the player's status line, and is remembered
// in localStorage for the next clip. Joins each player through player.js's extension point:
// the bubbling "pdsite:player" event, or figure.pdsitePlayer when that already ran.
(function () {
  "use strict";

  const DESCRIBES_VIDEO = "public.accessibility.describes-video";
  const STORAGE_KEY = "pdsite.audioTrack"; // "described" or "standard"

  function describes(track) {
    return (track.characteristics || "").split(",").map((c) => c.trim()).includes(DESCRIBES_VIDEO);
  }

  function remembered() {
    try {
      return window.localStorage.getItem(STORAGE_KEY);
    } catch (error) {
      return null; // storage blocked: nothing remembered
    }
  }

  function remember(choice) {
    try {
      window.localStorage.setItem(STORAGE_KEY, choice);
    } catch (error) {
      // storage blocked: the choice lasts for this page only
    }
  }

  function join(figure, player) {
    const { video, hls, say } = player;
    if (!hls || !window.Hls || figure.dataset.audioTracks) return;
    figure.dataset.audioTracks = "watching";
    const bar = figure.querySelector(".player-bar");
    let select = null;

    function indexes() {
      const tracks = hls.audioTracks || [];
      return { described: tracks.findIndex(describes), standard: tracks.findIndex((t) => !describes(t)) };
    }

    function choose(index, { announce }) {
      const track = (hls.audioTracks || [])[index];
      if (!track) return;
      if (hls.audioTrack !== index) hls.audioTrack = index;
      select.value = String(index);
      const described = describes(track);
      remember(described ? "described" : "standard");
      if (announce) say(described ? `Audio track: described (${track.name})` : "Audio track: standard");
    }

    function build() {
      const { described, standard } = indexes();
      if (select || described < 0 || !bar) return;
      const label = document.createElement("label");
      label.className = "player-rate player-audio";
      label.append("Audio track ");
      select = document.createElement("select");
      select.dataset.action = "audio-track";
      if (standard >= 0) select.append(new Option("Standard", String(standard)));
      select.append(new Option("Described", String(described)));
      label.append(select);
      bar.insertBefore(label, bar.querySelector('[data-action="mute"]'));
      figure.dataset.audioTracks = "offered";
      select.value = String(hls.audioTrack >= 0 ? hls.audioTrack : standard);
      select.addEventListener("change", () => choose(Number(select.value), { announce: true }));
      if (remembered() === "described") choose(described, { announce: false });
    }

    hls.on(window.Hls.Events.MANIFEST_PARSED, build);
    hls.on(window.Hls.Events.AUDIO_TRACKS_UPDATED, build);
    hls.on(window.Hls.Events.AUDIO_TRACK_SWITCHED, (event, data) => {
      if (select) select.value = String(data.id);
    });
    build(); // the manifest may have been parsed before this script joined
  }

  document.addEventListener("pdsite:player", (event) => {
    join(event.target.closest("figure[data-player]") || event.target, event.detail);
  });
  document.querySelectorAll("figure[data-player]").forEach((figure) => {
    if (figure.pdsitePlayer) join(figure, figure.pdsitePlayer);
  });
})();
