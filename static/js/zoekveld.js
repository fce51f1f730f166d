/*
 * The traject form's lookup fields as an ARIA combobox (WAI-ARIA APG, "editable combobox with list
 * autocomplete"): typing at least two characters asks the register for matches (POST to the field's
 * data-zoek address with the form's CSRF token; the typed name never goes into a URL) and shows them as a
 * listbox. Arrow keys move through the options (aria-activedescendant), Enter or a click chooses one and
 * fills the field with its registratienummer or KvK number, Escape closes the list. A live region says
 * how many matches there are. Without this script the form still works: the server answers a name with
 * the matches as a choice (templates/gemeente/traject_nieuw.html).
 */
(function () {
  "use strict";

  var WACHT_MS = 250;
  var MINIMUM = 2;

  function csrfToken(form) {
    var veld = form && form.querySelector('input[name="_csrf_token"]');
    return veld ? veld.value : "";
  }

  function verrijk(wrap) {
    var input = wrap.querySelector('input[type="text"]');
    if (!input || !input.form) { return; }
    var label = wrap.querySelector('label[for="' + input.id + '"]');
    var lijst = document.createElement("ul");
    lijst.id = input.id + "-lijst";
    lijst.className = "zoeklijst";
    lijst.setAttribute("role", "listbox");
    lijst.setAttribute("aria-label", (label ? label.textContent.trim() : "Zoekresultaten") + ": gevonden");
    lijst.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var gekozen = document.createElement("p");
    gekozen.className = "zoekgekozen";
    gekozen.hidden = true;
    input.insertAdjacentElement("afterend", lijst);
    lijst.insertAdjacentElement("afterend", gekozen);
    wrap.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", lijst.id);

    var resultaten = [];
    var actief = -1;
    var timer = null;
    var vraagNummer = 0;

    function open(ja) {
      lijst.hidden = !ja;
      input.setAttribute("aria-expanded", ja ? "true" : "false");
      if (!ja) { markeer(-1); }
    }

    function markeer(index) {
      actief = index;
      Array.prototype.forEach.call(lijst.children, function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        var li = lijst.children[index];
        input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function kies(index) {
      var r = resultaten[index];
      if (!r) { return; }
      input.value = r.waarde;
      gekozen.textContent = "Gekozen: " + r.naam + " (" + r.toelichting + ")";
      gekozen.hidden = false;
      status.textContent = "Gekozen: " + r.naam;
      open(false);
    }

    function toon(lijstje) {
      resultaten = lijstje;
      lijst.replaceChildren();
      resultaten.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = lijst.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var naam = document.createElement("span");
        naam.textContent = r.naam;
        var uitleg = document.createElement("span");
        uitleg.className = "toelichting";
        uitleg.textContent = " " + r.toelichting;
        li.appendChild(naam);
        li.appendChild(uitleg);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });  // keep the focus
        li.addEventListener("click", function () { kies(i); });
        lijst.appendChild(li);
      });
      status.textContent = resultaten.length
        ? resultaten.length + (resultaten.length === 1 ? " resultaat" : " resultaten") +
          "; kies met pijl omlaag en Enter."
        : "Geen resultaten.";
      open(resultaten.length > 0);
    }

    function zoek() {
      var tekst = input.value.trim();
      if (tekst.length < MINIMUM) { toon([]); status.textContent = ""; return; }
      var nummer = ++vraagNummer;
      var body = new URLSearchParams();
      body.set("q", tekst);
      body.set("_csrf_token", csrfToken(input.form));
      fetch(wrap.getAttribute("data-zoek"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (antwoord) {
        return antwoord.ok ? antwoord.json() : null;
      }).then(function (data) {
        if (data && nummer === vraagNummer) { toon(data.resultaten || []); }
      }).catch(function () { /* the plain search step on submit still works */ });
    }

    input.addEventListener("input", function () {
      gekozen.hidden = true;
      clearTimeout(timer);
      timer = setTimeout(zoek, WACHT_MS);
    });
    input.addEventListener("keydown", function (e) {
      var open_ = !lijst.hidden;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (!open_ && resultaten.length) { open(true); }
        if (resultaten.length) { markeer((actief + 1) % resultaten.length); }
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (resultaten.length) { markeer(actief <= 0 ? resultaten.length - 1 : actief - 1); }
      } else if (e.key === "Enter" && open_ && actief >= 0) {
        e.preventDefault();  // choose, do not submit the form
        kies(actief);
      } else if (e.key === "Escape" && open_) {
        e.preventDefault();
        open(false);
      }
    });
    input.addEventListener("blur", function () { open(false); });
  }

  function start() { document.querySelectorAll(".zoekveld[data-zoek]").forEach(verrijk); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
