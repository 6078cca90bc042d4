// Resumable video upload for the admin "Add video" page (template videos/admin/upload.html).
//
// On submit with a file chosen, the file goes up in parts instead of one form post:
// - S3: pdsite starts a multipart upload and presigns part URLs; parts go straight to the bucket.
// - local storage: chunks are PUT to pdsite with a Content-Range; pdsite keeps the offset.
// The upload id is kept in localStorage under the file's name, size and lastModified, so after
// a reload (choose the same file again) or a dropped connection it continues where it stopped:
// pdsite says which parts (S3) or how many bytes (local) it already has.
// When every byte is there, the form's other fields (title, captions) finish the upload.

const KEY_PREFIX = "pdsite-upload:";
const PARTS_PER_REQUEST = 10;
const MAX_RETRY_SECONDS = 30;

class UploadFailed extends Error {
  constructor(message, { status = 0, retry = false, paused = false, body = null } = {}) {
    super(message);
    Object.assign(this, { status, retry, paused, body });
  }
}

const human = (bytes) => {
  const units = ["bytes", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
};

const fileKey = (file) => `${KEY_PREFIX}${file.name}:${file.size}:${file.lastModified}`;

const savedUploads = () =>
  Object.keys(localStorage)
    .filter((key) => key.startsWith(KEY_PREFIX))
    .map((key) => {
      try {
        return { key, ...JSON.parse(localStorage.getItem(key)) };
      } catch {
        return null;
      }
    })
    .filter(Boolean);

// One request through XMLHttpRequest (fetch reports no upload progress).
function request(method, url, { body = null, headers = {}, onProgress = null, holder = null } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    if (onProgress) xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        // S3 answers in XML; its status code is what matters.
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data);
      const message = data?.error || `The server answered ${xhr.status} ${xhr.statusText}.`;
      reject(new UploadFailed(message, { status: xhr.status, retry: xhr.status >= 500 || xhr.status === 408, body: data }));
    };
    xhr.onerror = () => reject(new UploadFailed("The connection dropped.", { retry: true }));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new UploadFailed("Paused.", { paused: true }));
    if (holder) holder.xhr = xhr;
    xhr.send(body);
  });
}

class Uploader {
  constructor(root, form) {
    this.root = root;
    this.form = form;
    this.createUrl = root.dataset.createUrl;
    this.csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    this.fileInput = form.querySelector("input[type=file][name=source]");
    this.titleInput = form.querySelector("[name=title]");
    this.progress = root.querySelector("[data-upload-progress]");
    this.figures = root.querySelector("[data-upload-figures]");
    this.status = root.querySelector("[data-upload-status]");
    this.note = root.querySelector("[data-upload-note]");
    this.buttons = {
      pause: root.querySelector("[data-upload-pause]"),
      resume: root.querySelector("[data-upload-resume]"),
      cancel: root.querySelector("[data-upload-cancel]"),
    };
    this.holder = {};
    this.running = false;
    this.paused = false;
    this.lastAnnounced = -1;

    root.hidden = false;
    form.addEventListener("submit", (event) => this.onSubmit(event));
    this.fileInput.addEventListener("change", () => this.describeChosenFile());
    this.buttons.pause.addEventListener("click", () => this.pause());
    this.buttons.resume.addEventListener("click", () => this.resume());
    this.buttons.cancel.addEventListener("click", () => this.cancel());
    this.describeSavedUploads();
  }

  // --- what the page says --------------------------------------------------------------

  say(message) {
    this.status.textContent = message;
  }

  // A refusal shows where Wagtail shows a field's errors (red, with its icon), the bar turns
  // red, and the Create button stops spinning: the PD lead cannot miss it or wait on it.
  refuse(input, message) {
    this.say(message);
    const field = input.closest("[data-field]");
    const errors = field?.querySelector("[data-field-errors]");
    if (errors) {
      field.classList.add("w-field--error");
      errors.innerHTML =
        '<svg class="icon icon-warning w-field__errors-icon" aria-hidden="true"><use href="#icon-warning"></use></svg>';
      const text = document.createElement("p");
      text.className = "error-message";
      text.textContent = message;
      errors.append(text);
      if (errors.id) input.setAttribute("aria-describedby", errors.id);
    }
    input.setAttribute("aria-invalid", "true");
    this.root.classList.add("pdsite-upload--failed");
    this.stopSpinner();
    input.focus();
  }

  clearRefusals() {
    this.root.classList.remove("pdsite-upload--failed");
    this.form.querySelectorAll(".w-field--error [data-field-errors]").forEach((errors) => {
      errors.closest("[data-field]").classList.remove("w-field--error");
      errors.replaceChildren();
    });
    this.form.querySelectorAll("[aria-invalid=true]").forEach((input) => input.removeAttribute("aria-invalid"));
  }

  stopSpinner() {
    this.form.querySelectorAll("button[type=submit]").forEach((button) => {
      // Wagtail's w-progress controller shows the spinner while its loading value is true.
      if (button.hasAttribute("data-w-progress-loading-value")) button.setAttribute("data-w-progress-loading-value", "false");
      button.classList.remove("button-longrunning-active");
      button.disabled = false;
    });
  }

  describeSavedUploads() {
    const saved = savedUploads();
    if (!saved.length) return;
    const list = saved.map((s) => `${s.name} (${human(s.size)})`).join(", ");
    this.note.textContent =
      `Unfinished upload: ${list}. Choose the same file again and press Create to continue where it stopped.`;
  }

  describeChosenFile() {
    const file = this.fileInput.files[0];
    if (file && localStorage.getItem(fileKey(file))) {
      this.say(`${file.name} was partly uploaded before; press Create to continue where it stopped.`);
    }
  }

  show(bytes) {
    const size = this.file.size;
    const percent = Math.floor((bytes / size) * 100);
    this.progress.value = percent;
    this.progress.textContent = `${percent}%`;
    this.progress.setAttribute("aria-valuetext", `${percent}% (${human(bytes)} of ${human(size)})`);
    this.figures.textContent = `${human(bytes)} of ${human(size)} (${percent}%)`;
    // Screen readers hear every quarter, not every byte.
    const quarter = Math.floor(percent / 25);
    if (quarter > this.lastAnnounced && quarter < 4 && this.running && !this.paused) {
      this.lastAnnounced = quarter;
      if (quarter > 0) this.say(`Uploading: ${percent}% sent.`);
    }
  }

  setButtons({ pause = false, resume = false, cancel = false }) {
    this.buttons.pause.hidden = !pause;
    this.buttons.resume.hidden = !resume;
    this.buttons.cancel.hidden = !cancel;
  }

  // --- talking to pdsite ---------------------------------------------------------------

  api(method, url, { json = null, body = null } = {}) {
    const headers = { "X-CSRFToken": this.csrf, Accept: "application/json" };
    if (json) headers["Content-Type"] = "application/json";
    return request(method, url, { body: json ? JSON.stringify(json) : body, headers, holder: this.holder });
  }

  async openSession() {
    const key = fileKey(this.file);
    const saved = JSON.parse(localStorage.getItem(key) || "null");
    if (saved) {
      try {
        const session = await this.api("GET", saved.url);
        if (session.status === "active") return session;
      } catch (error) {
        if (error.status !== 404) throw error;
      }
      localStorage.removeItem(key);
    }
    const start = { filename: this.file.name, size: this.file.size };
    // Another purpose than a library video (data-upload-purpose="recording": a lesson recording)
    // sends the form's values with the start, for the server to check first (its consent).
    const purpose = this.root.dataset.uploadPurpose;
    if (purpose) {
      const fields = new FormData(this.form);
      fields.delete("source");
      fields.delete("csrfmiddlewaretoken");
      Object.assign(start, { purpose, fields: Object.fromEntries(fields) });
    }
    const session = await this.api("POST", this.createUrl, { json: start });
    localStorage.setItem(
      key,
      JSON.stringify({ id: session.id, url: session.urls.self, name: this.file.name, size: this.file.size }),
    );
    return session;
  }

  // --- the upload ----------------------------------------------------------------------

  onSubmit(event) {
    const file = this.fileInput.files[0];
    if (!file) return; // nothing chosen: the form posts as usual and the server explains
    event.preventDefault();
    if (this.running) return;
    this.clearRefusals();
    if (!this.titleInput.value.trim()) {
      this.refuse(this.titleInput, "Give the video a title first.");
      return;
    }
    if (this.session && this.sessionKey !== fileKey(file)) this.session = null;
    this.file = file;
    this.sessionKey = fileKey(file);
    this.paused = false;
    this.lastAnnounced = -1;
    this.run();
  }

  async run() {
    this.running = true;
    this.setButtons({ pause: true, cancel: true });
    let delay = 1;
    let resuming = Boolean(this.session);
    for (;;) {
      try {
        if (!this.session || resuming) {
          this.session = this.session ? await this.api("GET", this.session.urls.self) : await this.openSession();
        }
        const had = this.confirmedBytes();
        this.lastAnnounced = Math.floor((had / this.file.size) * 4); // announce only new quarters
        if (had > 0) this.say(`Continuing the upload from ${human(had)} of ${human(this.file.size)}.`);
        else this.say(`Uploading ${this.file.name} (${human(this.file.size)}).`);
        this.show(had);
        if (this.session.backend === "s3") await this.sendParts();
        else await this.sendChunks();
        await this.finish();
        return;
      } catch (error) {
        if (this.paused) return;
        if (!error.retry) return this.fail(error);
        resuming = true;
        this.say(
          `Connection lost. Trying again in ${delay} seconds; the upload continues from where it stopped.`,
        );
        await this.waitToRetry(delay);
        if (this.paused) return;
        delay = Math.min(delay * 2, MAX_RETRY_SECONDS);
      }
    }
  }

  confirmedBytes() {
    const s = this.session;
    if (s.backend === "s3") return s.parts.reduce((sum, part) => sum + part.size, 0);
    return s.offset;
  }

  partRange(number) {
    const start = (number - 1) * this.session.part_size;
    return [start, Math.min(start + this.session.part_size, this.file.size)];
  }

  async sendParts() {
    const s = this.session;
    const have = new Map(s.parts.map((part) => [part.number, part.size]));
    const todo = [];
    for (let n = 1; n <= s.part_count; n += 1) {
      const [start, end] = this.partRange(n);
      if (have.get(n) !== end - start) todo.push(n);
    }
    let confirmed = [...have.entries()]
      .filter(([n, size]) => !todo.includes(n) && size)
      .reduce((sum, [, size]) => sum + size, 0);
    for (let i = 0; i < todo.length; i += PARTS_PER_REQUEST) {
      const batch = todo.slice(i, i + PARTS_PER_REQUEST);
      const { urls } = await this.api("POST", s.urls.parts, { json: { part_numbers: batch } });
      for (const number of batch) {
        const [start, end] = this.partRange(number);
        // Straight to the bucket; the presigned URL is the authorisation, so no CSRF header.
        try {
          await request("PUT", urls[number], {
            body: this.file.slice(start, end),
            onProgress: (loaded) => this.show(confirmed + loaded),
            holder: this.holder,
          });
        } catch (error) {
          // 403: the part URL expired (a slow or long-paused upload); ask for fresh ones.
          if (error.status === 403) error.retry = true;
          throw error;
        }
        confirmed += end - start;
        s.parts = [...s.parts.filter((p) => p.number !== number), { number, size: end - start }];
        this.show(confirmed);
      }
    }
  }

  async sendChunks() {
    const s = this.session;
    let offset = s.offset;
    while (offset < this.file.size) {
      const end = Math.min(offset + s.part_size, this.file.size);
      try {
        const answer = await request("PUT", s.urls.chunk, {
          body: this.file.slice(offset, end),
          headers: {
            "X-CSRFToken": this.csrf,
            "Content-Range": `bytes ${offset}-${end - 1}/${this.file.size}`,
          },
          onProgress: (loaded) => this.show(offset + loaded),
          holder: this.holder,
        });
        offset = answer.offset;
      } catch (error) {
        // The server has a different offset (e.g. the last answer was lost): continue from it.
        if (error.status === 409 && Number.isInteger(error.body?.offset)) offset = error.body.offset;
        else throw error;
      }
      s.offset = offset;
      this.show(offset);
    }
  }

  async finish() {
    this.setButtons({});
    this.say("Every part has arrived. Checking the file…");
    const data = new FormData(this.form);
    data.delete("source");
    const answer = await this.api("POST", this.session.urls.complete, { body: data });
    localStorage.removeItem(fileKey(this.file));
    this.running = false;
    this.say(this.root.dataset.uploadDone || "Upload complete. Opening the video library…");
    // The form was not submitted, so tell Wagtail's unsaved-changes guard not to ask.
    window.addEventListener("w-unsaved:confirm", (event) => event.preventDefault(), { once: true });
    window.location.assign(answer.redirect_url);
  }

  fail(error) {
    this.running = false;
    // A refused file (422) or an upload the server no longer has cannot be continued.
    if ([404, 409, 422].includes(error.status)) {
      localStorage.removeItem(fileKey(this.file));
      this.session = null;
    }
    this.setButtons({ cancel: Boolean(this.session) });
    if (error.status === 422) this.refuse(this.fileInput, error.message);
    else {
      this.say(`The upload stopped: ${error.message}`);
      this.stopSpinner();
    }
  }

  waitToRetry(seconds) {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        window.removeEventListener("online", done);
        this.wakeRetry = null;
        resolve();
      };
      const timer = setTimeout(done, seconds * 1000);
      window.addEventListener("online", done);
      this.wakeRetry = done;
    });
  }

  pause() {
    this.paused = true;
    this.running = false;
    this.holder.xhr?.abort();
    this.wakeRetry?.();
    this.setButtons({ resume: true, cancel: true });
    this.say(`Paused. Press Resume upload to continue.`);
    this.buttons.resume.focus();
  }

  resume() {
    if (this.running) return;
    this.paused = false;
    this.buttons.pause.hidden = false;
    this.run().then(() => {
      if (!this.buttons.pause.hidden) this.buttons.pause.focus();
    });
  }

  async cancel() {
    this.paused = true;
    this.running = false;
    this.holder.xhr?.abort();
    this.wakeRetry?.();
    const session = this.session;
    this.session = null;
    this.setButtons({});
    if (this.file) localStorage.removeItem(fileKey(this.file));
    if (session) {
      try {
        await this.api("DELETE", session.urls.self);
      } catch {
        // Abandoned uploads are cleaned up by `manage.py clean_uploads` anyway.
      }
    }
    this.progress.value = 0;
    this.figures.textContent = "Nothing uploaded yet.";
    this.say("Upload cancelled; nothing was kept.");
  }
}

const root = document.querySelector("[data-pdsite-upload]");
const form = root?.closest("form");
if (root && form && window.XMLHttpRequest && window.localStorage) {
  window.pdsiteUploader = new Uploader(root, form);
}
