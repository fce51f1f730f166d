// A form that comes back with errors shows its error summary at the top of the page. Move the focus
// there (and so the viewport), so a keyboard, screen reader or sighted user starts at the list of what
// to fix, whose links lead to each field (GOV.UK / NL Design System error-summary pattern). Without
// JavaScript the summary is still the first thing in the page content.
document.addEventListener("DOMContentLoaded", function () {
  var samenvatting = document.querySelector("[data-foutsamenvatting]");
  if (samenvatting) {
    samenvatting.focus();
    samenvatting.scrollIntoView({ block: "start" });
  }
});
