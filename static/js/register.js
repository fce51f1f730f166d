/*
 * Small progressive enhancements for the register's pages; every page works without them.
 * - A table wider than the window scrolls inside its .table-scroll container; a container that scrolls
 *   gets a name and a place in the tab order, so keyboard users can scroll it too (WCAG 2.1.1).
 *   A table without such a container (a page that forgot it) gets one.
 * - A table with free text (class "stapel") is a stacked list on a narrow screen, each cell labelled.
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

  /*
   * A table with free text (class "stapel") becomes a stacked list on a narrow screen (static/css/register.css):
   * every cell gets its column header as `data-label`, which the style sheet shows above the cell's
   * text. The explicit roles keep the table's semantics for screen readers once its display is block.
   */
  var ROLLEN = { TABLE: "table", THEAD: "rowgroup", TBODY: "rowgroup", TFOOT: "rowgroup", TR: "row" };
  function gestapeldeTabellen() {
    document.querySelectorAll("main table.stapel").forEach(function (tabel) {
      var koppen = [];
      tabel.querySelectorAll("thead tr:last-child th").forEach(function (th) {
        var breedte = parseInt(th.getAttribute("colspan") || "1", 10);
        for (var i = 0; i < breedte; i += 1) { koppen.push(th.textContent.replace(/\s+/g, " ").trim()); }
      });
      [tabel].concat(Array.prototype.slice.call(tabel.querySelectorAll("thead, tbody, tfoot, tr"))).forEach(function (el) {
        if (!el.hasAttribute("role")) { el.setAttribute("role", ROLLEN[el.tagName]); }
      });
      tabel.querySelectorAll("thead th").forEach(function (th) {
        if (!th.hasAttribute("role")) { th.setAttribute("role", "columnheader"); }
      });
      tabel.querySelectorAll("tbody tr, tfoot tr").forEach(function (rij) {
        var kolom = 0;
        Array.prototype.forEach.call(rij.cells, function (cel) {
          var breedte = parseInt(cel.getAttribute("colspan") || "1", 10);
          if (!cel.hasAttribute("role")) { cel.setAttribute("role", cel.tagName === "TH" ? "rowheader" : "cell"); }
          var kop = koppen[kolom];
          if (breedte === 1 && kop && !cel.hasAttribute("data-label")) { cel.setAttribute("data-label", kop); }
          kolom += breedte;
        });
      });
      tabel.classList.add("gelabeld");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    gestapeldeTabellen();
    scrollbareTabellen();
    window.addEventListener("resize", opnieuw);
  });
})();

/*
 * - Input kept across a new log-in (api/pages/bewaren.py): fill the form that was posted in again.
 * - The session's end (meta sessie-einde): two minutes before it, a warning with a button that keeps the
 *   session going (any page request renews it); at the end, a message that the session has ended.
 */
(function () {
  "use strict";

  function zetInvoerTerug() {
    var blok = document.getElementById("bewaarde-invoer");
    if (!blok) { return; }
    var data;
    try { data = JSON.parse(blok.textContent); } catch (e) { return; }
    var formulieren = Array.prototype.slice.call(document.querySelectorAll("main form[method=post]"));
    var formulier = formulieren.filter(function (f) {
      return new URL(f.action, window.location.href).pathname === data.actie;
    })[0] || formulieren.filter(function (f) { return f.getAttribute("action") !== "/uitloggen"; })[0];
    if (!formulier) { return; }
    Object.keys(data.velden || {}).forEach(function (naam) {
      var waarden = data.velden[naam];
      Array.prototype.forEach.call(formulier.elements, function (veld) {
        if (veld.name !== naam || veld.type === "password" || veld.type === "file" || veld.type === "hidden") { return; }
        if (veld.type === "checkbox" || veld.type === "radio") {
          veld.checked = waarden.indexOf(veld.value) >= 0;
        } else if (veld.tagName === "SELECT" && veld.multiple) {
          Array.prototype.forEach.call(veld.options, function (o) { o.selected = waarden.indexOf(o.value) >= 0; });
        } else {
          veld.value = waarden[0] || "";
        }
      });
    });
  }

  function sessieWaarschuwing() {
    var meta = document.querySelector('meta[name="sessie-einde"]');
    if (!meta) { return; }
    var einde = Date.parse(meta.getAttribute("content"));
    if (isNaN(einde)) { return; }
    var waarschuwing = null;
    var timers = [];

    function melding(tekst, knop) {
      if (!waarschuwing) {
        waarschuwing = document.createElement("div");
        waarschuwing.className = "alert alert-warning sessie-waarschuwing";
        waarschuwing.setAttribute("role", "alert");
        document.body.insertBefore(waarschuwing, document.body.firstChild);
      }
      waarschuwing.innerHTML = "";
      var p = document.createElement("p");
      p.textContent = tekst;
      waarschuwing.appendChild(p);
      if (knop) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "button primary";
        b.textContent = "Ingelogd blijven";
        b.addEventListener("click", verleng);
        waarschuwing.appendChild(b);
        b.focus();
      }
    }

    function plan() {
      timers.forEach(window.clearTimeout);
      var nu = Date.now();
      timers = [
        window.setTimeout(function () {
          melding("Uw sessie verloopt over 2 minuten. Wat u invult blijft bewaard, ook als u opnieuw moet inloggen.", true);
        }, Math.max(0, einde - nu - 120000)),
        window.setTimeout(function () {
          melding("Uw sessie is verlopen. Verstuurt u een formulier, dan logt u eerst opnieuw in; wat u invulde blijft bewaard.", false);
        }, Math.max(0, einde - nu))
      ];
    }

    function verleng() {
      window.fetch("/sessie", { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) {
          if (d && d.einde) {
            einde = Date.parse(d.einde);
            if (waarschuwing) { waarschuwing.remove(); waarschuwing = null; }
            plan();
          }
        });
    }

    plan();
  }

  document.addEventListener("DOMContentLoaded", function () {
    zetInvoerTerug();
    sessieWaarschuwing();
  });
})();

/*
 * Confirmation before a final or destructive action (a form with data-bevestig: vaststellen, schorsen,
 * deactiveren, besluit). Cancelling leaves the page as it is, edits included; when another form on the page
 * has changes that are not saved yet, the question says so.
 */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var formulieren = Array.prototype.slice.call(document.querySelectorAll("main form"));
    formulieren.forEach(function (f) {
      var markeer = function () { f.setAttribute("data-gewijzigd", "ja"); };
      f.addEventListener("input", markeer);
      f.addEventListener("change", markeer);
    });
    formulieren.forEach(function (f) {
      var vraag = f.getAttribute("data-bevestig");
      if (!vraag) { return; }
      f.addEventListener("submit", function (e) {
        var open = formulieren.some(function (ander) {
          return ander !== f && ander.getAttribute("data-gewijzigd") === "ja";
        });
        var tekst = vraag + (open ? "\n\nLet op: u hebt wijzigingen op deze pagina die nog niet zijn opgeslagen. "
          + "Kies Annuleren en sla ze eerst op; anders gaan ze verloren." : "");
        if (!window.confirm(tekst)) { e.preventDefault(); }
      });
    });
  });
})();
