// Crochets, live: what the server-sent events cannot do by themselves — keep a reader's own typing safe and say
// when the page can no longer follow.
(function () {
  "use strict";

  function notice(holder, className, text, withReload) {
    if (holder.querySelector("." + className)) return;
    var note = document.createElement("p");
    note.className = "notice live-notice " + className;
    note.setAttribute("role", "status");
    note.textContent = text;
    if (withReload) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small";
      button.textContent = "Reload";
      button.addEventListener("click", function () { window.location.reload(); });
      note.appendChild(document.createTextNode(" "));
      note.appendChild(button);
    }
    holder.prepend(note);
  }

  // A fragment knows the last change it shows (data-event); a live refresh for a change it already shows — the
  // reader's own, answered with the fresh fragment — is not fetched again (it would replace what is under the
  // reader's hand for nothing).
  document.addEventListener("htmx:confirm", function (event) {
    var trigger = event.detail.triggeringEvent;
    var element = event.detail.elt;
    if (!trigger || String(trigger.type).indexOf("sse:") !== 0 || !element.hasAttribute("data-event")) return;
    var changed = Number(trigger.detail && trigger.detail.data);
    if (changed && changed <= Number(element.getAttribute("data-event"))) event.preventDefault();
  });

  document.addEventListener("htmx:sseMessage", function (event) {
    var element = event.target;
    if (element.id === "live-refresh") {
      notice(document.getElementById("notices") || document.body, "live-stale",
        "Many changes happened while this page could not follow them.", true);
      return;
    }
    if (element.id === "live-structure") {
      notice(document.getElementById("notices") || document.body, "live-structure",
        "The chair changed the document's structure (paragraphs inserted, deleted, split, merged, moved or " +
        "relabelled).", true);
      return;
    }
    if (!element.classList || !element.classList.contains("para")) return;
    if (Number(event.detail.data) <= Number(element.getAttribute("data-event") || 0)) return;  // already shown
    // The edit box is kept across the paragraph's refresh (hx-preserve); its author is told, not overwritten.
    var box = document.getElementById("edit-" + element.getAttribute("data-paragraph"));
    if (box && box.querySelector("textarea")) {
      notice(box, "changed-while-editing",
        "This paragraph changed while you were editing. Your text is kept: propose it and it is applied to the " +
        "current text where it can be, or you will see both texts.", false);
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-dismiss]");
    if (!button) return;
    var gone = document.getElementById(button.getAttribute("data-dismiss"));
    if (gone) gone.hidden = true;
  });

  // A refreshed paragraph flashes for a moment, so the room sees what just changed.
  document.addEventListener("htmx:afterSettle", function (event) {
    var element = event.detail.elt;
    if (!element || !element.classList || !element.classList.contains("para")) return;
    var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (!trigger || String(trigger.type).indexOf("sse:") !== 0) return;
    element.classList.add("just-changed");
    window.setTimeout(function () { element.classList.remove("just-changed"); }, 4000);
  });
})();
