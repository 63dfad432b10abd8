// Crochets: what htmx cannot do — read a selection of words and turn it into offsets in the text, open the set
// panel next to its set, say things where the eye is — and the few small behaviours that would otherwise be
// inline handlers, which the Content-Security-Policy forbids.
(function () {
  "use strict";

  var toolbar = null;

  // ---- Offsets: a selection of words → characters of the paragraph's bracketed text --------------------------

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

  function spanOf(body, node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var from = offsetIn(body, node, 0);
    return [from, from + sourceLength(range.cloneContents())];
  }

  // The outermost bracket set that the selection [from, to) cuts or holds whole — unless the selection lies inside
  // one of its alternatives. Proposing on half a bracket cannot work, so the selection snaps to that whole set
  // (the server does the same for any client).
  function setToSnap(body, from, to) {
    var sets = body.querySelectorAll(".bset");
    for (var i = 0; i < sets.length; i++) {
      var span = spanOf(body, sets[i]);
      if (!(span[0] < to && from < span[1])) continue;
      var inside = Array.prototype.some.call(sets[i].querySelectorAll(":scope > .alt"), function (alt) {
        var own = spanOf(body, alt);
        return own[0] + 1 <= from && to <= own[1] - 1;
      });
      if (!inside) return { node: sets[i], from: span[0], to: span[1] };
    }
    return null;
  }

  function trimmed(text, from, to) {
    // What the server trims too: the space a browser selects after a word.
    var start = 0;
    var end = text.length;
    while (start < end && /\s/.test(text.charAt(start))) start++;
    while (end > start && /\s/.test(text.charAt(end - 1))) end--;
    return [from + start, to - (text.length - end)];
  }

  // ---- The selection toolbar ---------------------------------------------------------------------------------

  function hide() {
    if (!toolbar) return;
    toolbar.hidden = true;
    document.querySelectorAll(".bset.snapped").forEach(function (node) { node.classList.remove("snapped"); });
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

  function paragraphName(paragraph) {
    var name = paragraph ? paragraph.getAttribute("data-name") || "" : "";
    return name ? name.charAt(0).toUpperCase() + name.slice(1) : "This paragraph";
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
    hide();
    var words = selection.toString();
    var span = trimmed(words, offsetIn(body, range.startContainer, range.startOffset),
      offsetIn(body, range.endContainer, range.endOffset));
    var snap = setToSnap(body, span[0], span[1]);
    var note = toolbar.querySelector(".snap-note");
    note.hidden = !snap;
    if (snap) {
      span = [snap.from, snap.to];
      snap.node.classList.add("snapped");
      words = Array.prototype.map.call(snap.node.querySelectorAll(":scope > .alt"), function (alt) {
        var copy = alt.cloneNode(true);
        copy.querySelectorAll(".chips, button").forEach(function (extra) { extra.remove(); });
        return copy.textContent;
      }).join(" ");
      note.textContent = "Your selection crossed the edge of a bracket, so it now takes the whole bracket set " +
        "(" + (paragraph.getAttribute("data-name") || "this paragraph") + "): other wording is proposed as a new " +
        "alternative to it, and Delete " +
        "proposes an empty one.";
    }
    toolbar.querySelector("[name=paragraph_id]").value = paragraph.getAttribute("data-paragraph");
    toolbar.querySelector("[name=base_version]").value = paragraph.getAttribute("data-version");
    toolbar.querySelector("[name=start]").value = String(span[0]);
    toolbar.querySelector("[name=end]").value = String(span[1]);
    toolbar.querySelector("[name=text]").value = "";
    toolbar.querySelector(".quoted").textContent = "“" + words.trim() + "”";
    var messages = toolbar.querySelector(".messages");
    if (messages) messages.remove();
    toolbar.hidden = false;
    var box = range.getBoundingClientRect();
    toolbar.style.top = window.scrollY + box.bottom + 8 + "px";
    var widest = document.documentElement.clientWidth - toolbar.offsetWidth - 8;
    toolbar.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + widest)) + "px";
    choose("other");
  }

  // ---- The set panel: next to its set, focus in, Escape back to the ▸ that opened it ---------------------------

  var opener = null;  // the hx-get of the control that opened the panel (the element itself may be re-rendered)

  function openerControl() {
    return opener ? document.querySelector('.para-body [hx-get="' + opener + '"]') : null;
  }

  function placePanel(control) {
    var frame = document.getElementById("panel-frame");
    var paragraph = control && control.closest(".para");
    if (!frame || !paragraph) return;
    if (frame.previousElementSibling !== paragraph) paragraph.after(frame);
    alignPanel(control);
  }

  function alignPanel(control) {
    var frame = document.getElementById("panel-frame");
    var list = document.getElementById("paragraphs");
    if (!frame || !list || frame.parentElement !== list) return;
    frame.style.marginTop = "";
    list.style.paddingBottom = "";
    if (getComputedStyle(frame).position !== "absolute") return;
    var anchor = (control && control.closest(".bset, .placeholder")) || control;
    if (anchor) frame.style.marginTop = anchor.getBoundingClientRect().top - frame.getBoundingClientRect().top + "px";
    var overflow = frame.getBoundingClientRect().bottom - list.getBoundingClientRect().bottom;
    if (overflow > 0) list.style.paddingBottom = overflow + 16 + "px";
  }

  function closePanel(returnFocus) {
    var frame = document.getElementById("panel-frame");
    var home = document.getElementById("panel-home");
    var panel = document.getElementById("panel");
    if (!frame || !home || !panel) return;
    panel.replaceChildren();
    frame.style.marginTop = "";
    var list = document.getElementById("paragraphs");
    if (list) list.style.paddingBottom = "";
    home.appendChild(frame);
    document.querySelectorAll(".bset.selected").forEach(function (node) { node.classList.remove("selected"); });
    var control = openerControl();
    if (returnFocus && control) control.focus();
  }

  function markSelected(setId) {
    document.querySelectorAll(".bset.selected").forEach(function (node) { node.classList.remove("selected"); });
    var node = setId && document.getElementById("set-" + setId);
    if (node) node.classList.add("selected");
  }

  // ---- Messages in place: said inside the toolbar, panel, form or paragraph that asked ------------------------

  // Each request carries where its answer speaks (xhr.crochetsWhere: {host, paragraph, message}); `speaking` is the
  // one being swapped (swaps run synchronously, out-of-band parts included, between beforeSwap and afterRequest).
  var speaking = null;

  function describe(element) {
    if (!element || !element.closest) return null;
    var paragraph = element.closest(".para");
    if (toolbar && toolbar.contains(element)) {
      return { host: "toolbar", paragraph: "p-" + toolbar.querySelector("[name=paragraph_id]").value };
    }
    var panel = element.closest("#panel-frame");
    if (panel) {
      var setPanel = panel.querySelector("#set-panel");
      var bracketSet = setPanel && document.getElementById("set-" + setPanel.getAttribute("data-set"));
      var owner = (bracketSet && bracketSet.closest(".para")) || panel.previousElementSibling;
      return { host: "panel", paragraph: owner && owner.classList.contains("para") ? owner.id : null };
    }
    if (element.closest(".para-edit")) return { host: "edit", paragraph: paragraph && paragraph.id };
    if (paragraph) return { host: "paragraph", paragraph: paragraph.id };
    return null;
  }

  function regionFor(where, kind) {
    var paragraph = where.paragraph && document.getElementById(where.paragraph);
    var host = null;
    var before = null;
    if (where.host === "toolbar" && kind === "error") {
      host = toolbar;
      before = toolbar.querySelector(".toolbar-buttons");
    } else if (where.host === "panel") {
      host = document.getElementById("set-panel") || document.getElementById("panel");
      var title = host && host.querySelector("h2");
      before = title ? title.nextElementSibling : null;
    } else if (where.host === "edit" && kind === "error" && paragraph) {
      host = paragraph.querySelector(".edit-box");
      before = host && host.querySelector(".field");
    }
    if (!host && paragraph) host = paragraph;
    if (!host) return null;
    var region = host.querySelector(":scope > .messages");
    if (!region) {
      region = document.createElement("div");
      region.className = "messages";
      host.insertBefore(region, before && before.parentElement === host ? before : null);
    }
    region.setAttribute("role", kind === "error" ? "alert" : "status");
    region.setAttribute("data-where", paragraph ? paragraphName(paragraph) : "");
    return region;
  }

  function say(where, kind, html) {
    var region = regionFor(where, kind);
    if (!region) return false;
    region.innerHTML = html;
    var first = region.firstElementChild;
    var name = region.getAttribute("data-where");
    if (first && name) {
      var label = document.createElement("strong");
      label.className = "where";
      label.textContent = name + ": ";
      first.insertBefore(label, first.firstChild);
    }
    if (window.htmx) window.htmx.process(region);
    return true;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail.elt;
    // A form marked data-clears-errors empties the page's error region when htmx sends it.
    if (element.closest && element.closest("[data-clears-errors]")) {
      var errors = document.getElementById("errors");
      if (errors) errors.replaceChildren();
    }
    var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (trigger && String(trigger.type).indexOf("sse:") === 0) return;  // a live refresh asks nothing
    var where = describe(element);
    if (!where || !event.detail.xhr) return;
    event.detail.xhr.crochetsWhere = where;
    // What an earlier action said goes when the next one is asked (not for a preview as one types).
    var asks = event.detail.requestConfig && event.detail.requestConfig.verb !== "get";
    if (asks && element.tagName !== "TEXTAREA") {
      document.querySelectorAll(".messages").forEach(function (region) { region.remove(); });
    }
    if (element.closest(".para-body") && event.detail.target && event.detail.target.id === "panel") {
      opener = element.getAttribute("hx-get");
      where.opens = true;
    }
  });

  // A refusal (4xx, retargeted to the page's #errors) is said where it was asked instead.
  document.addEventListener("htmx:beforeSwap", function (event) {
    speaking = (event.detail.xhr && event.detail.xhr.crochetsWhere) || null;
    var target = event.detail.target;
    if (!speaking || event.detail.xhr.status < 400 || !target || target.id !== "errors") return;
    speaking.message = { kind: "error", html: event.detail.serverResponse };
    event.detail.shouldSwap = false;
  });

  // So is a confirmation sent out of band to #notices; said once the main swap is done (it may replace the host).
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!speaking || !target || target.id !== "notices") return;
    var holder = document.createElement("div");
    holder.appendChild(event.detail.fragment.cloneNode(true));
    var wrapper = holder.querySelector("#notices");  // the out-of-band element itself, or only its content
    if (!holder.textContent.trim()) return;
    speaking.message = { kind: "notice", html: (wrapper || holder).innerHTML };
    event.detail.shouldSwap = false;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var done = event.detail.xhr && event.detail.xhr.crochetsWhere;
    speaking = null;
    if (!done || !done.message) return;
    var message = done.message;
    done.message = null;  // afterRequest may come twice (the element, then a parent still in the page)
    if (!say(done, message.kind, message.html)) {
      var fallback = document.getElementById(message.kind === "error" ? "errors" : "notices");
      if (fallback) fallback.innerHTML = message.html;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "paragraphs") {
      // The filters replaced the paragraph list: the panel goes home first (see htmx:beforeSwap below).
      return;
    }
    if (!target || target.id !== "panel") return;
    var panel = document.getElementById("panel");
    var setPanel = panel.querySelector("#set-panel");
    markSelected(setPanel && setPanel.getAttribute("data-set"));
    var control = openerControl();
    var where = event.detail.xhr && event.detail.xhr.crochetsWhere;
    if (where && where.opens) {
      placePanel(control);
      panel.focus({ preventScroll: true });
    } else {
      alignPanel(control);
      if (!document.activeElement || document.activeElement === document.body) panel.focus({ preventScroll: true });
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "paragraphs" && event.detail.xhr.status < 400) closePanel(false);
  });

  // An answer can arrive after its target was replaced (a live refresh and a proposal's answer cross). htmx then
  // swaps it into the detached element, whose events never reach the document, and that swap takes the preserved
  // edit box along with it. So each target carries its own guard: a paragraph's answer fresher than what is shown
  // replaces the element now standing there; one no fresher is dropped (what is shown has it, perhaps with a notice
  // on top). An answer that is no paragraph (the toolbar after Issue Rev.N or the phase, refreshed live for the same
  // change) has no event to compare: it goes where its target now stands, with what it says out of band.
  function guardReplaced(event) {
    var target = event.detail.target;
    if (!target || target.isConnected) return;
    var current = target.id ? document.getElementById(target.id) : null;
    var answered = eventOf(event.detail.serverResponse);
    if (current && (answered < 0 || answered > Number(current.getAttribute("data-event") || 0))) {
      event.detail.target = current;
    } else {
      event.detail.shouldSwap = false;
    }
  }

  // The event number a paragraph's HTML was rendered at (-1 when the answer is not a paragraph).
  function eventOf(html) {
    var found = /data-event="(\d+)"/.exec(html || "");
    return found ? Number(found[1]) : -1;
  }

  // A successful proposal (or chair's text) closes its own edit box, wherever and whenever its answer is swapped.
  function closeOnSuccess(form, xhr) {
    var slot = form.closest(".para-edit");
    if (!slot || !xhr) return;
    xhr.addEventListener("loadend", function () {  // after htmx's swap, which runs on load
      if (xhr.status >= 200 && xhr.status < 300 && slot.contains(form)) slot.replaceChildren();
    });
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target && target.id) target.addEventListener("htmx:beforeSwap", guardReplaced);  // once per element
    var elt = event.detail.elt;
    if (elt && elt.matches && elt.matches("form.edit-box")) closeOnSuccess(elt, event.detail.xhr);
  });

  // Every paragraph keeps its edit slot (#edit-N, hx-preserve): a preserved element can be lost when an
  // out-of-band refresh and a live refresh of the same paragraph cross, and Edit would then have nowhere to go.
  function keepEditSlots() {
    document.querySelectorAll("section.para[data-paragraph]").forEach(function (paragraph) {
      var id = "edit-" + paragraph.getAttribute("data-paragraph");
      if (document.getElementById(id)) return;
      var slot = document.createElement("div");
      slot.id = id;
      slot.className = "para-edit";
      slot.setAttribute("hx-preserve", "true");
      slot.style.gridColumn = "1 / -1";
      paragraph.appendChild(slot);
    });
  }
  // Checked once htmx is done with the whole response: while it swaps, a preserved slot is held aside.
  function keepEditSlotsLater() { window.setTimeout(keepEditSlots, 0); }
  document.addEventListener("htmx:afterSettle", keepEditSlotsLater);
  document.addEventListener("htmx:oobAfterSwap", keepEditSlotsLater);

  // ---- Long texts: folded paragraphs, find, go to a label ------------------------------------------------------

  function unfold(paragraph) {
    if (!paragraph || !paragraph.classList.contains("folded")) return;
    paragraph.classList.remove("folded");
    var toggle = paragraph.querySelector("[data-fold]");
    if (toggle) {
      toggle.setAttribute("aria-expanded", "true");
      toggle.firstChild.textContent = "Fold";
    }
  }

  function fold(paragraph) {
    paragraph.classList.add("folded");
    var toggle = paragraph.querySelector("[data-fold]");
    toggle.setAttribute("aria-expanded", "false");
    toggle.firstChild.textContent = "Open";
  }

  function goTo(paragraph) {
    unfold(paragraph);
    document.querySelectorAll(".para.found").forEach(function (node) { node.classList.remove("found"); });
    paragraph.classList.add("found");
    paragraph.scrollIntoView({ block: "center" });
  }

  var found = { query: "", hits: [], index: -1 };

  function readable(node) {
    // The words of a paragraph as read (chips, buttons and footnote labels left out), with their text nodes.
    var nodes = [];
    var text = "";
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var parent = walker.currentNode.parentElement;
      if (parent && parent.closest(".chips, button")) continue;
      nodes.push([walker.currentNode, text.length]);
      text += walker.currentNode.data;
    }
    return { text: text, nodes: nodes };
  }

  function rangeAt(words, start, length) {
    var range = document.createRange();
    var placed = 0;
    words.nodes.forEach(function (entry) {
      var node = entry[0];
      var from = entry[1];
      var to = from + node.data.length;
      if (!(placed & 1) && start >= from && start <= to) { range.setStart(node, start - from); placed |= 1; }
      if (!(placed & 2) && start + length >= from && start + length <= to) {
        range.setEnd(node, start + length - from);
        placed |= 2;
      }
    });
    return placed === 3 ? range : null;
  }

  function find(query) {
    var status = document.getElementById("find-status");
    var wanted = query.trim().toLowerCase();
    found = { query: query, hits: [], index: -1 };
    if (window.CSS && CSS.highlights) CSS.highlights.delete("found");
    if (!wanted) { status.textContent = ""; return showHit(); }
    var paragraphs = document.querySelectorAll("#paragraphs .para");
    for (var i = 0; i < paragraphs.length; i++) {
      var label = paragraphs[i].querySelector(".para-label");
      if (label && label.textContent.trim().toLowerCase() === wanted) {
        goTo(paragraphs[i]);
        status.textContent = "Went to " + paragraphName(paragraphs[i]) + ".";
        return showHit();
      }
    }
    var ranges = [];
    paragraphs.forEach(function (paragraph) {
      var words = readable(paragraph.querySelector(".para-body"));
      var lower = words.text.toLowerCase();
      for (var at = lower.indexOf(wanted); at >= 0; at = lower.indexOf(wanted, at + wanted.length)) {
        found.hits.push(paragraph);
        ranges.push(rangeAt(words, at, wanted.length));
      }
    });
    found.ranges = ranges;
    if (!found.hits.length) {
      status.textContent = "“" + query.trim() + "” is not in the text, nor a paragraph label.";
      return showHit();
    }
    if (window.CSS && CSS.highlights && window.Highlight) {
      var highlight = new Highlight();
      ranges.forEach(function (range) { if (range) highlight.add(range); });
      CSS.highlights.set("found", highlight);
    }
    step(1);
  }

  function step(direction) {
    if (!found.hits.length) return;
    found.index = (found.index + direction + found.hits.length) % found.hits.length;
    var paragraph = found.hits[found.index];
    goTo(paragraph);
    document.getElementById("find-status").textContent = (found.index + 1) + " of " + found.hits.length +
      " — " + paragraphName(paragraph) + ".";
    showHit();
  }

  function showHit() {
    var many = found.hits.length > 1;
    document.querySelectorAll("[data-find]").forEach(function (button) { button.hidden = !many; });
  }

  document.addEventListener("submit", function (event) {
    if (event.target.id !== "find") return;
    event.preventDefault();
    find(event.target.querySelector("[name=q]").value);
  });

  // A link to a paragraph (the contents, a message) opens it if it is folded.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#p-"]');
    if (!link) return;
    var paragraph = document.getElementById(link.getAttribute("href").slice(1));
    if (!paragraph) return;
    event.preventDefault();
    goTo(paragraph);
    history.replaceState(null, "", link.getAttribute("href"));
    paragraph.setAttribute("tabindex", "-1");  // the keyboard goes on from the paragraph reached
    paragraph.focus({ preventScroll: true });
  });

  // ---- Clicks and keys ---------------------------------------------------------------------------------------

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest) return;
    // A Cancel button of an edit box empties the box it sits in.
    var cancel = target.closest("[data-cancel-edit]");
    if (cancel) {
      var box = cancel.closest(".para-edit");
      if (box) box.replaceChildren();
      return;
    }
    if (target.closest("[data-close-panel]")) return closePanel(true);
    var toggle = target.closest("[data-fold]");
    if (toggle) {
      var paragraph = toggle.closest(".para");
      if (paragraph.classList.contains("folded")) unfold(paragraph); else fold(paragraph);
      return;
    }
    var all = target.closest("[data-fold-all]");
    if (all) {
      var opening = all.getAttribute("aria-pressed") !== "true";
      document.querySelectorAll(opening ? ".para.folded" : ".para[data-folds]").forEach(function (node) {
        node.setAttribute("data-folds", "");
        if (opening) unfold(node); else fold(node);
      });
      all.setAttribute("aria-pressed", String(opening));
      all.textContent = opening ? "Fold the settled paragraphs again" : "Open every paragraph";
      return;
    }
    var stepper = target.closest("[data-find]");
    if (stepper) step(stepper.getAttribute("data-find") === "next" ? 1 : -1);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (toolbar && !toolbar.hidden) {
      hide();
      return;
    }
    var frame = document.getElementById("panel-frame");
    if (frame && frame.contains(event.target) && document.getElementById("panel").childElementCount) {
      event.preventDefault();
      closePanel(true);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // On a narrow screen the contents comes before the text: closed, so that the text is in view.
    var contents = document.querySelector(".toc");
    if (contents && window.matchMedia("(max-width: 70rem)").matches) contents.open = false;
    toolbar = document.getElementById("selection-toolbar");
    if (!toolbar) return;
    document.body.appendChild(toolbar);  // positioned against the page, not the paragraph list
    var pending = 0;
    function later() {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        if (toolbar.contains(document.activeElement)) return;  // typing in the toolbar moves the selection
        var selection = window.getSelection();
        if (!selection.isCollapsed) showFor(selection);
      }, 350);
    }
    document.addEventListener("mouseup", function (event) {
      if (toolbar.contains(event.target)) return;
      window.setTimeout(function () { showFor(window.getSelection()); }, 0);
    });
    // Touch screens select with a long press and handles: no mouseup, but selectionchange (and pointerup).
    document.addEventListener("selectionchange", later);
    document.addEventListener("pointerup", function (event) {
      if (event.pointerType !== "mouse" && !toolbar.contains(event.target)) later();
    });
    document.addEventListener("keyup", function (event) {
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
      if (event.detail.successful && event.detail.xhr.status < 400) hide();
    });
  });
})();
