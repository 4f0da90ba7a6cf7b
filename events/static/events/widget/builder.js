// The widget builder's "Copy" buttons (hidden without JavaScript, where the text can still be
// selected by hand).
(function () {
  "use strict";
  document.querySelectorAll(".widget-copy").forEach(function (button) {
    var text = document.getElementById(button.getAttribute("data-copy"));
    if (!text) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      text.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text.value);
      } else {
        document.execCommand("copy");
      }
    });
  });
  document.querySelectorAll(".widget-snippet").forEach(function (text) {
    text.addEventListener("focus", function () {
      text.select();
    });
  });
})();
