// The check-in desk. Every attempt (a scanner typing a code, a camera reading a QR code, a
// typed reference, a name picked from the search, a walk-in) is answered at once in one big
// box: green, amber or red. While the network is down, ticket codes are checked here (the
// ticket's signature and event, with the event's key) and kept in IndexedDB until the server
// can record them; the page itself is kept by the service worker.
(function () {
  "use strict";

  var root = document.querySelector("[data-desk]");
  var configNode = document.getElementById("desk-config");
  if (!root || !configNode || !root.querySelector("[data-code-form]")) return;
  var config = JSON.parse(configNode.textContent);
  var T = config.strings;
  var slot = config.slot;
  var TOKEN = /^([0-9A-Z]{8,20})\.([0-9]{1,12})\.([0-9a-f]{24})$/;
  var REFERENCE = /^[0-9A-HJKMNP-TV-Z]{12}$/;
  var MISREAD = { I: "1", L: "1", O: "0", U: "V" };
  var RECENT = 8;
  var BATCH = 25;

  function $(selector) {
    return root.querySelector(selector);
  }

  function slotLabel(key) {
    var option = root.querySelector('[data-slot] option[value="' + CSS.escape(key) + '"]');
    return option ? option.textContent : key;
  }

  // --- talking to the server ---------------------------------------------------------------

  function NetworkDown() {}

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function request(url, body) {
    var options = { credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrfToken();
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(
      function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          return { status: response.status, data: { message: response.status === 404 || response.status === 403 ? T.signedOut : T.unreachable } };
        }
        return response.json().then(function (data) {
          return { status: response.status, data: data };
        });
      },
      function () {
        throw new NetworkDown();
      }
    );
  }

  function query(url, params) {
    var search = new URLSearchParams(params);
    return request(url + "?" + search.toString());
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  // --- the answer box, the counter and the recent answers ------------------------------------

  var answerBox = $("[data-answer]");
  var undoButton = $("[data-undo]");
  var undoTarget = null;
  var english = document.documentElement.lang === "en";

  function names(person) {
    var first = english ? person.name || person.name_ar : person.name_ar || person.name;
    var second = english ? person.name_ar : person.name;
    return [first || person.reference || "", second && second !== first ? second : ""];
  }

  // Names and messages in either script keep their own direction (<bdi>) and line up with
  // the page.
  function isolated(text) {
    var node = document.createElement("bdi");
    node.textContent = text || "";
    return node;
  }

  function setText(selector, text) {
    var node = answerBox.querySelector(selector);
    node.replaceChildren(isolated(text));
    node.hidden = !text;
  }

  function show(answer) {
    var person = answer.person || null;
    var both = person ? names(person) : ["", ""];
    answerBox.hidden = false;
    answerBox.className = "desk-answer desk-answer--" + answer.outcome;
    answerBox.dataset.outcome = answer.outcome;
    answerBox.dataset.code = answer.code || "";
    setText("[data-answer-title]", T[answer.outcome] || "");
    setText("[data-answer-name]", both[0]);
    setText("[data-answer-alt]", both[1]);
    setText("[data-answer-meta]", person ? [person.organisation, person.role].filter(Boolean).join(" · ") : "");
    // A plain check-in needs no sentence under its title; every other answer says why.
    setText("[data-answer-message]", answer.code === "checked_in" && !answer.queued ? "" : answer.message);
    undoTarget = answer.undo ? { registration: answer.registration, slot: answer.slot || slot } : null;
    undoButton.hidden = !undoTarget;
    if (answer.counts && answer.counts.slot === slot) showCounts(answer.counts);
    if (answer.outcome !== "checking") remember(answer, both[0]);
  }

  function checking() {
    show({ outcome: "checking", code: "", message: "" });
  }

  function remember(answer, name) {
    var list = $("[data-recent]");
    var item = document.createElement("li");
    item.className = "desk-item desk-item--" + answer.outcome;
    var mark = document.createElement("span");
    mark.className = "desk-item-mark";
    mark.textContent = T[answer.outcome] || "";
    item.append(mark, " ", isolated(name), name ? " — " : "", isolated(answer.message));
    list.prepend(item);
    while (list.children.length > RECENT) list.lastChild.remove();
    $("[data-recent-section]").hidden = false;
  }

  function showCounts(counts) {
    $("[data-count-in]").textContent = counts.checked_in;
    $("[data-count-confirmed]").textContent = counts.confirmed;
  }

  function refreshCounts() {
    if (!navigator.onLine || document.hidden) return;
    var asked = slot;
    query(config.urls.counts, { slot: asked }).then(
      function (reply) {
        if (reply.status === 200 && asked === slot) showCounts(reply.data);
      },
      function () {}
    );
  }

  function answerReply(reply) {
    if (reply.status === 200) return show(reply.data);
    show({ outcome: "red", code: "error", message: reply.data.message || T.unreachable });
  }

  // --- the connection --------------------------------------------------------------------------

  var connection = $("[data-connection]");

  function showConnection() {
    var online = navigator.onLine;
    connection.hidden = false;
    connection.textContent = online ? T.online : T.offline;
    connection.className = "desk-connection " + (online ? "is-online" : "is-offline");
    root.classList.toggle("is-offline", !online);
  }

  // --- scans kept while offline (IndexedDB) --------------------------------------------------

  var database = null;

  function store() {
    if (!database) {
      database = window.idb.openDB("multaqa-desk", 1, {
        upgrade: function (db) {
          db.createObjectStore("scans", { keyPath: "client_key" }).createIndex("event", "event");
        },
      });
    }
    return database;
  }

  function queued() {
    return store().then(function (db) {
      return db.getAllFromIndex("scans", "event", config.event);
    });
  }

  function keep(scan) {
    return store().then(function (db) {
      return db.put("scans", scan);
    });
  }

  function forget(keys) {
    return store().then(function (db) {
      var tx = db.transaction("scans", "readwrite");
      keys.forEach(function (key) {
        tx.store.delete(key);
      });
      return tx.done;
    });
  }

  function renderQueue() {
    return queued().then(function (scans) {
      var list = $("[data-queue]");
      list.replaceChildren();
      scans.sort(function (a, b) {
        return a.scanned_at < b.scanned_at ? -1 : 1;
      });
      scans.forEach(function (scan) {
        var item = document.createElement("li");
        item.className = "desk-item desk-item--queued";
        var reference = document.createElement("bdi");
        reference.textContent = scan.reference;
        // The site writes times with Latin digits in both languages.
        var when = new Date(scan.scanned_at).toLocaleTimeString(document.documentElement.lang + "-u-nu-latn", {
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
        });
        item.append(reference, " · " + when + " · " + slotLabel(scan.slot) + " — " + T.waiting);
        list.append(item);
      });
      $("[data-queue-count]").textContent = scans.length;
      $("[data-queue-section]").hidden = scans.length === 0;
      return scans;
    });
  }

  // --- what can be told of a code without the server -------------------------------------------

  function hexBytes(hex) {
    var bytes = new Uint8Array(hex.length / 2);
    for (var i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
    return bytes;
  }

  function bytesHex(buffer) {
    return Array.prototype.map
      .call(new Uint8Array(buffer), function (byte) {
        return ("0" + byte.toString(16)).slice(-2);
      })
      .join("");
  }

  function signature(reference, eventId) {
    var subtle = window.crypto && crypto.subtle;
    if (!subtle) return Promise.resolve(null);
    return subtle
      .importKey("raw", hexBytes(config.deskKey), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      .then(function (key) {
        return subtle.sign("HMAC", key, new TextEncoder().encode(reference + "." + eventId));
      })
      .then(function (mac) {
        return bytesHex(mac).slice(0, 24);
      });
  }

  function lastSegment(code) {
    if (code.indexOf("/") === -1) return code;
    var path = code;
    try {
      path = new URL(code, location.href).pathname;
    } catch (error) {
      path = code;
    }
    var parts = path.split("/").filter(Boolean);
    try {
      return decodeURIComponent(parts[parts.length - 1] || "");
    } catch (error) {
      return "";
    }
  }

  // Resolves to { outcome, message, reference } as far as the code can be judged offline.
  function judgeOffline(code) {
    var token = lastSegment(code);
    var typed = token.replace(/[-\s]/g, "").toUpperCase().replace(/[ILOU]/g, function (letter) {
      return MISREAD[letter];
    });
    if (REFERENCE.test(typed)) {
      return Promise.resolve({ outcome: "provisional", code: "provisional", message: T.provisionalReference, reference: typed });
    }
    var match = TOKEN.exec(token);
    if (!match) return Promise.resolve({ outcome: "red", code: "forged", message: T.forged });
    if (Number(match[2]) !== config.event) {
      return Promise.resolve({ outcome: "red", code: "another_event", message: T.anotherEvent });
    }
    return signature(match[1], match[2]).then(function (expected) {
      if (expected !== null && expected !== match[3]) return { outcome: "red", code: "forged", message: T.forged };
      var message = expected === null ? T.provisionalReference : T.provisionalToken;
      return { outcome: "provisional", code: "provisional", message: message, reference: match[1] };
    });
  }

  function scanOffline(code, clientKey) {
    return judgeOffline(code).then(function (verdict) {
      var person = verdict.reference ? { name: verdict.reference, name_ar: "", reference: verdict.reference } : null;
      show({ outcome: verdict.outcome, code: verdict.code, message: verdict.message, person: person });
      if (verdict.outcome !== "provisional") return null;
      return keep({
        client_key: clientKey,
        event: config.event,
        slot: slot,
        code: code,
        reference: verdict.reference,
        scanned_at: new Date().toISOString(),
      }).then(renderQueue);
    }).catch(function () {
      // No storage on this phone (a private window, say): the scan cannot be kept.
      show({ outcome: "red", code: "not_kept", message: T.unreachable });
    });
  }

  // --- sending the kept scans ----------------------------------------------------------------

  var flushing = false;
  var refusedUntil = 0; // after a refusal (signed out, say), the queue waits a minute

  function flush() {
    if (flushing || !navigator.onLine || Date.now() < refusedUntil) return Promise.resolve();
    flushing = true;
    return queued()
      .then(function (scans) {
        if (!scans.length) return null;
        scans.sort(function (a, b) {
          return a.scanned_at < b.scanned_at ? -1 : 1;
        });
        var batch = scans.slice(0, BATCH).map(function (scan) {
          return { code: scan.code, slot: scan.slot, scanned_at: scan.scanned_at, client_key: scan.client_key };
        });
        return request(config.urls.sync, { scans: batch }).then(function (reply) {
          if (reply.status !== 200) {
            refusedUntil = Date.now() + 60000;
            show({ outcome: "red", code: "error", message: reply.data.message || T.unreachable });
            return null;
          }
          reply.data.results.forEach(function (answer) {
            answer.message = T.sentFromQueue + ": " + answer.message;
            answer.queued = true;
            answer.undo = false;
            show(answer);
          });
          return forget(
            reply.data.results.map(function (answer) {
              return answer.client_key;
            })
          ).then(function () {
            return scans.length > batch.length ? "more" : null;
          });
        });
      })
      .then(
        function (more) {
          flushing = false;
          return renderQueue().then(function () {
            refreshCounts();
            if (more) return flush();
            return null;
          });
        },
        function () {
          flushing = false;
        }
      );
  }

  // --- checking in ---------------------------------------------------------------------------

  function submitCode(code) {
    code = code.trim();
    if (!code) return Promise.resolve();
    var clientKey = newKey();
    if (!navigator.onLine) return scanOffline(code, clientKey);
    checking();
    return request(config.urls.scan, { code: code, slot: slot, client_key: clientKey }).then(answerReply, function () {
      // The request may not have arrived: kept with the same key, it is applied at most once.
      return scanOffline(code, clientKey);
    });
  }

  var codeInput = $("#desk-code");
  $("[data-code-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = codeInput.value;
    codeInput.value = "";
    submitCode(code).then(function () {
      codeInput.focus();
    });
  });

  undoButton.addEventListener("click", function () {
    if (!undoTarget) return;
    if (!navigator.onLine) return show({ outcome: "red", code: "offline", message: T.needsNetwork });
    request(config.urls.undo, undoTarget).then(answerReply, function () {
      show({ outcome: "red", code: "offline", message: T.needsNetwork });
    });
  });

  // --- the slot ------------------------------------------------------------------------------

  var slotSelect = $("[data-slot]");
  $("[data-slot-submit]").hidden = true;

  function unknownCounts() {
    $("[data-count-in]").textContent = "–";
    $("[data-count-confirmed]").textContent = "–";
  }

  // A page kept for offline use was drawn for the slot of its day: the address says which
  // slot the desk chose.
  var asked = new URLSearchParams(location.search).get("slot");
  if (asked && asked !== slot && slotSelect.querySelector('option[value="' + CSS.escape(asked) + '"]')) {
    slot = asked;
    slotSelect.value = asked;
    unknownCounts();
  }

  slotSelect.addEventListener("change", function () {
    slot = slotSelect.value;
    unknownCounts();
    var url = new URL(location.href);
    url.searchParams.set("slot", slot);
    url.searchParams.delete("code");
    history.replaceState(null, "", url.pathname + url.search);
    answerBox.hidden = true;
    $("[data-results]").replaceChildren();
    refreshCounts();
  });

  // --- name search ---------------------------------------------------------------------------

  var searchHelp = $("[data-search-help]");

  function resultButton(result) {
    var item = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "desk-result" + (result.checked_in ? " is-in" : "");
    var both = names(result);
    var name = document.createElement("span");
    name.className = "desk-result-name";
    name.append(isolated(both[0]));
    var details = document.createElement("span");
    details.className = "desk-result-meta";
    [both[1], result.organisation, result.status, result.checked_in ? "✓ " + T.checkedInMark : ""]
      .filter(Boolean)
      .forEach(function (part, index) {
        details.append(index ? " · " : "", isolated(part));
      });
    button.append(name, details);
    button.addEventListener("click", function () {
      if (!navigator.onLine) return show({ outcome: "red", code: "offline", message: T.needsNetwork });
      checking();
      request(config.urls.person, { registration: result.registration, slot: slot }).then(answerReply, function () {
        show({ outcome: "red", code: "offline", message: T.needsNetwork });
      });
    });
    item.append(button);
    return item;
  }

  function search(text) {
    var results = $("[data-results]");
    if (!navigator.onLine) {
      searchHelp.textContent = T.needsNetwork;
      searchHelp.hidden = false;
      return;
    }
    query(config.urls.search, { q: text, slot: slot }).then(
      function (reply) {
        results.replaceChildren();
        var found = reply.status === 200 ? reply.data.results : [];
        searchHelp.textContent = reply.status === 200 ? T.noResults : reply.data.message;
        searchHelp.hidden = found.length > 0;
        found.forEach(function (result) {
          results.append(resultButton(result));
        });
      },
      function () {
        searchHelp.textContent = T.needsNetwork;
        searchHelp.hidden = false;
      }
    );
  }

  var nameInput = $("#desk-name");
  var searchTimer = null;
  $("[data-search-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    search(nameInput.value);
  });
  nameInput.addEventListener("input", function () {
    clearTimeout(searchTimer);
    if (nameInput.value.trim().length < 2) return;
    searchTimer = setTimeout(function () {
      search(nameInput.value);
    }, 300);
  });

  // --- walk-ins ------------------------------------------------------------------------------

  var walkIn = $("[data-walk-in-form]");
  walkIn.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!navigator.onLine) return show({ outcome: "red", code: "offline", message: T.needsNetwork });
    var data = { slot: slot, override_capacity: walkIn.elements.override_capacity.checked };
    ["name", "name_ar", "email", "organisation"].forEach(function (field) {
      data[field] = walkIn.elements[field].value;
    });
    checking();
    request(config.urls.walk_in, data).then(
      function (reply) {
        answerReply(reply);
        if (reply.status === 200 && reply.data.outcome === "green") walkIn.reset();
        answerBox.scrollIntoView({ block: "nearest" });
      },
      function () {
        show({ outcome: "red", code: "offline", message: T.needsNetwork });
      }
    );
  });

  // --- the camera ----------------------------------------------------------------------------

  var cameraButton = $("[data-camera]");
  var video = $("[data-video]");
  var cameraHelp = $("[data-camera-help]");
  var stream = null;
  var detector = null;
  var lastSeen = { code: "", at: 0 };

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
  }

  // The browser's own BarcodeDetector where it reads QR codes, else the ZXing one the site serves.
  function barcodeDetector() {
    if (detector) return Promise.resolve(detector);
    var native = "BarcodeDetector" in window ? window.BarcodeDetector.getSupportedFormats() : Promise.resolve([]);
    return native
      .then(function (formats) {
        if (formats.indexOf("qr_code") !== -1) return window.BarcodeDetector;
        return loadScript(config.assets.detector).then(function () {
          var api = window.BarcodeDetectionAPI;
          api.prepareZXingModule({
            overrides: {
              locateFile: function (path, prefix) {
                return path.endsWith(".wasm") ? config.assets.wasm : prefix + path;
              },
            },
          });
          return api.BarcodeDetector;
        });
      })
      .then(function (Detector) {
        detector = new Detector({ formats: ["qr_code"] });
        return detector;
      });
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (track) {
      track.stop();
    });
    stream = null;
    video.hidden = true;
    cameraHelp.hidden = true;
    cameraButton.textContent = T.startCamera;
  }

  function watch() {
    if (!stream) return;
    detector
      .detect(video)
      .then(function (codes) {
        var now = Date.now();
        var code = codes.length ? codes[0].rawValue : "";
        if (code && (code !== lastSeen.code || now - lastSeen.at > 4000)) {
          lastSeen = { code: code, at: now };
          if (navigator.vibrate) navigator.vibrate(80);
          submitCode(code);
        }
      })
      .catch(function () {})
      .then(function () {
        setTimeout(watch, 250);
      });
  }

  function startCamera() {
    cameraHelp.hidden = false;
    cameraHelp.textContent = T.pointCamera;
    Promise.all([navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }), barcodeDetector()])
      .then(function (ready) {
        stream = ready[0];
        video.srcObject = stream;
        video.hidden = false;
        cameraButton.textContent = T.stopCamera;
        return video.play();
      })
      .then(watch)
      .catch(function () {
        stopCamera();
        cameraHelp.textContent = T.noCamera;
        cameraHelp.hidden = false;
      });
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () {
      if (stream) stopCamera();
      else startCamera();
    });
  }

  // --- start ---------------------------------------------------------------------------------

  window.addEventListener("online", function () {
    refusedUntil = 0;
    showConnection();
    flush();
    refreshCounts();
  });
  window.addEventListener("offline", showConnection);
  showConnection();
  renderQueue().then(flush);
  setInterval(function () {
    refreshCounts();
    flush();
  }, config.poll);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker
      .register(config.urls.worker)
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        if (navigator.onLine && registration.active) registration.active.postMessage({ keep: config.urls.page });
      })
      .catch(function () {});
  }

  // The page's own hooks for checks in a browser: the code reader, without a camera.
  window.multaqaDesk = { barcodeDetector: barcodeDetector, judgeOffline: judgeOffline };
})();
