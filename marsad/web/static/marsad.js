// marsad web UI: the few interactions that need a script. Pages work without it.
(function () {
  "use strict";

  // Story page: clicking an event (in the list, or its trigger in the text) highlights and
  // scrolls to the sentence that states it.
  function sentencesOf(start, end) {
    var out = [];
    document.querySelectorAll(".story-text .sent").forEach(function (el) {
      var s = parseInt(el.dataset.start, 10), e = parseInt(el.dataset.end, 10);
      if (s < end && e > start) out.push(el);
    });
    return out;
  }

  function selectEvent(item, scroll) {
    document.querySelectorAll(".sent.hl").forEach(function (el) { el.classList.remove("hl"); });
    document.querySelectorAll(".ev.selected").forEach(function (el) { el.classList.remove("selected"); });
    document.querySelectorAll(".trigger.active").forEach(function (el) { el.classList.remove("active"); });
    item.classList.add("selected");
    var sents = sentencesOf(parseInt(item.dataset.sentStart, 10), parseInt(item.dataset.sentEnd, 10));
    sents.forEach(function (el) { el.classList.add("hl"); });
    document.querySelectorAll('.trigger[data-event="' + item.dataset.event + '"]').forEach(function (el) {
      el.classList.add("active");
    });
    if (scroll && sents.length) sents[0].scrollIntoView({ behavior: "smooth", block: "center" });
  }

  function initStory() {
    var list = document.getElementById("event-list");
    if (!list) return;
    list.addEventListener("click", function (ev) {
      var item = ev.target.closest(".ev");
      if (!item) return;
      if (ev.target.closest("a") && !ev.target.closest(".ev-jump")) return; // actor links navigate
      ev.preventDefault();
      selectEvent(item, true);
      if (history.replaceState) history.replaceState(null, "", "#s-" + item.dataset.sentStart);
    });
    list.addEventListener("keydown", function (ev) {
      var item = ev.target.closest(".ev");
      if (item && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); selectEvent(item, true); }
    });
    var text = document.getElementById("story-text");
    if (text) {
      text.addEventListener("click", function (ev) {
        var trig = ev.target.closest(".trigger");
        if (!trig) return;
        var item = document.getElementById("ev-" + trig.dataset.event);
        if (item) { selectEvent(item, false); item.scrollIntoView({ behavior: "smooth", block: "nearest" }); }
      });
    }
    // Arriving with #s-START (e.g. from the events table): highlight that sentence.
    var m = /^#s-(\d+)$/.exec(location.hash);
    if (m) {
      var first = list.querySelector('.ev[data-sent-start="' + m[1] + '"]');
      if (first) selectEvent(first, true);
      else {
        var el = document.getElementById("s-" + m[1]);
        if (el) { el.classList.add("hl"); el.scrollIntoView({ block: "center" }); }
      }
    }
  }

  document.addEventListener("DOMContentLoaded", initStory);
})();
