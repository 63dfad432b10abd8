// Crochets: what htmx cannot do — read a selection of words and turn it into offsets in the text — and the few
// small behaviours that would otherwise be inline handlers, which the Content-Security-Policy forbids.
(function () {
  "use strict";

  var toolbar = null;

  function sourceLength(fragment) {
    // Count only characters that stand for the paragraph's bracketed text (not chips, buttons or labels).
    var total = 0;
    var walker = document.createTreeWalker(fragment, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var parent = walker.currentNode.parentElement;
      if (!parent || parent.closest(".chips, button, .footnote-label")) continue;
      var holder = parent.closest("[data-len]");
      if (holder && parent.classList.contains("fnref")) {
        total += Number(holder.getAttribute("data-len"));
      } else {
        total += walker.currentNode.data.length;
      }
    }
    return total;
  }

  function offsetIn(body, container, offset) {
    var range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(container, offset);
    return sourceLength(range.cloneContents());
  }

  function hide() {
    if (toolbar) toolbar.hidden = true;
  }

  function choose(action) {
    toolbar.querySelector("[name=action]").value = action;
    var wording = toolbar.querySelector(".wording");
    wording.hidden = action === "delete";
    toolbar.querySelectorAll("[data-choose]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-choose") === action));
    });
    if (action !== "delete") toolbar.querySelector("[name=text]").focus();
  }

  function showFor(selection) {
    if (!toolbar || selection.rangeCount === 0 || selection.isCollapsed) return hide();
    var range = selection.getRangeAt(0);
    var start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
    var end = range.endContainer.nodeType === 1 ? range.endContainer : range.endContainer.parentElement;
    var body = start && start.closest(".para-body");
    if (!body || body !== (end && end.closest(".para-body"))) return hide();
    var paragraph = body.closest(".para");
    if (paragraph.getAttribute("data-can-propose") !== "true") return hide();
    var from = offsetIn(body, range.startContainer, range.startOffset);
    var to = offsetIn(body, range.endContainer, range.endOffset);
    toolbar.querySelector("[name=paragraph_id]").value = paragraph.getAttribute("data-paragraph");
    toolbar.querySelector("[name=base_version]").value = paragraph.getAttribute("data-version");
    toolbar.querySelector("[name=start]").value = String(from);
    toolbar.querySelector("[name=end]").value = String(to);
    toolbar.querySelector("[name=text]").value = "";
    toolbar.querySelector(".quoted").textContent = "“" + selection.toString().trim() + "”";
    choose("other");
    var box = range.getBoundingClientRect();
    toolbar.style.top = window.scrollY + box.bottom + 8 + "px";
    toolbar.style.left = Math.max(8, window.scrollX + box.left) + "px";
    toolbar.hidden = false;
  }

  // A Cancel button of an edit box empties the box it sits in.
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-cancel-edit]");
    if (!cancel) return;
    var box = cancel.closest(".para-edit");
    if (box) box.replaceChildren();
  });

  // A form marked data-clears-errors empties the page's error region when htmx sends it.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!event.target.closest || !event.target.closest("[data-clears-errors]")) return;
    var errors = document.getElementById("errors");
    if (errors) errors.replaceChildren();
  });

  document.addEventListener("DOMContentLoaded", function () {
    toolbar = document.getElementById("selection-toolbar");
    if (!toolbar) return;
    document.body.appendChild(toolbar);  // positioned against the page, not the paragraph list
    document.addEventListener("mouseup", function (event) {
      if (toolbar.contains(event.target)) return;
      window.setTimeout(function () { showFor(window.getSelection()); }, 0);
    });
    document.addEventListener("keyup", function (event) {
      if (event.key === "Escape") return hide();
      if (event.shiftKey && !toolbar.contains(event.target)) showFor(window.getSelection());
    });
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-choose]");
      if (!button) return;
      var action = button.getAttribute("data-choose");
      if (action === "cancel") return hide();
      choose(action);
    });
    toolbar.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful) hide();
    });
  });
})();
