// Inside the events widget's frame: tells the page around it how tall the content is (at
// load and whenever it changes: images arriving, a narrower window) and what it is called,
// so that widget.js sizes the frame to it. The height is no secret, so any page may hear it.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "multaqa:events-widget", height: height, title: document.title }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
  window.addEventListener("load", report);
  report();
})();
