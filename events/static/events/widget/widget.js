/* Multaqa events widget for partner sites (docs/widget.md).

   <script src="https://SITE/static/events/widget/widget.js" data-lang="ar"
           data-organisation="SLUG" async></script>

   Inserts, after its own tag, a frame served by SITE listing upcoming events; every data-*
   attribute of the tag becomes a parameter of the frame (lang, organisation, network, limit,
   target and the events index's filters). The frame reports its height with postMessage and
   the frame is resized to it; a message from any other window or origin is ignored. Sets no
   cookie, stores nothing and asks nothing of any site but SITE. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src).origin;
  var params = new URLSearchParams();
  Object.keys(script.dataset).forEach(function (name) {
    params.set(name, script.dataset[name]);
  });

  var frame = document.createElement("iframe");
  frame.src = origin + "/embed/events/?" + params.toString();
  frame.className = "multaqa-events-widget";
  frame.title = "Multaqa";
  frame.style.display = "block";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.height = "20rem";
  script.parentNode.insertBefore(frame, script.nextSibling);

  var MAX_HEIGHT = 20000;
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "multaqa:events-widget") return;
    var height = Math.ceil(Number(data.height));
    if (height > 0 && height <= MAX_HEIGHT) frame.style.height = height + "px";
    if (typeof data.title === "string" && data.title) frame.title = data.title.slice(0, 200);
  });
})();
