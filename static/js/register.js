/*
 * Small progressive enhancements for the register's pages; every page works without them.
 * - A table wider than the window scrolls inside its .table-scroll container; a container that scrolls
 *   gets a name and a place in the tab order, so keyboard users can scroll it too (WCAG 2.1.1).
 *   A table without such a container (a page that forgot it) gets one.
 */
(function () {
  "use strict";

  function tabelNaam(container) {
    var caption = container.querySelector("caption");
    var tekst = caption ? caption.textContent.trim() : "";
    return tekst ? "Tabel: " + tekst : "Tabel";
  }

  function scrollbareTabellen() {
    document.querySelectorAll("main table").forEach(function (tabel) {
      if (tabel.closest(".table-scroll, .visually-hidden")) { return; }
      var container = document.createElement("div");
      container.className = "table-scroll";
      tabel.parentNode.insertBefore(container, tabel);
      container.appendChild(tabel);
    });
    document.querySelectorAll(".table-scroll").forEach(function (container) {
      var scrolt = container.scrollWidth > container.clientWidth + 1;
      if (scrolt) {
        container.setAttribute("tabindex", "0");
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", tabelNaam(container) + " (horizontaal te scrollen)");
      } else if (container.getAttribute("role") === "region") {
        container.removeAttribute("tabindex");
        container.removeAttribute("role");
        container.removeAttribute("aria-label");
      }
    });
  }

  var wacht;
  function opnieuw() {
    window.clearTimeout(wacht);
    wacht = window.setTimeout(scrollbareTabellen, 100);
  }

  document.addEventListener("DOMContentLoaded", function () {
    scrollbareTabellen();
    window.addEventListener("resize", opnieuw);
  });
})();
