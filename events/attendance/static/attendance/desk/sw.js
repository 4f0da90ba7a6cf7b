// The check-in desk's service worker: it keeps the desk page and what the page needs, so a
// desk whose network drops keeps working (its scans wait in IndexedDB, see desk.js). Desk
// pages come from the network while there is one and from the copy kept here when there is
// not; the kept files (styles, scripts, fonts, the QR code reader) come from the copy.
// The server fills in the files' addresses and the version (events/attendance/views/desk.py).
"use strict";

var VERSION = "__VERSION__";
var ASSETS = __ASSETS__;
var PREFIX = "multaqa-desk-";
var CACHE = PREFIX + VERSION;
var SCOPE = new URL(self.registration.scope).pathname;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        return cache.addAll(ASSETS);
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf(PREFIX) === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function pageKey(url) {
  var key = new URL(url);
  key.search = "";
  key.hash = "";
  return key.href;
}

function isDeskPage(url) {
  return url.origin === self.location.origin && url.pathname.indexOf(SCOPE) === 0;
}

// A desk page as the server sent it to a signed-in member of the desk: never a sign-in
// redirect or a not-found page.
function keepPage(url, response) {
  if (!response.ok || response.redirected || response.type !== "basic") return Promise.resolve();
  return caches.open(CACHE).then(function (cache) {
    return cache.put(pageKey(url), response);
  });
}

self.addEventListener("message", function (event) {
  var url = event.data && event.data.keep ? new URL(event.data.keep, self.location.href) : null;
  if (!url || !isDeskPage(url)) return;
  event.waitUntil(
    fetch(url.href, { credentials: "same-origin" })
      .then(function (response) {
        return keepPage(url.href, response);
      })
      .catch(function () {})
  );
});

function fromNetworkThenCopy(request) {
  return fetch(request)
    .then(function (response) {
      keepPage(request.url, response.clone());
      return response;
    })
    .catch(function (error) {
      return caches.match(pageKey(request.url)).then(function (kept) {
        if (kept) return kept;
        throw error;
      });
    });
}

function fromCopyThenNetwork(request) {
  return caches.match(request).then(function (kept) {
    return kept || fetch(request);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (request.mode === "navigate" && isDeskPage(url)) {
    event.respondWith(fromNetworkThenCopy(request));
  } else if (url.origin === self.location.origin && ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(fromCopyThenNetwork(request));
  }
});
