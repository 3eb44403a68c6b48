// The scorecard's search box (components/scorecard.py): narrow the tables to the indicators whose
// name, code or owner contains what is typed, hide themes left empty, and say how many match.
(function () {
  function filter(input) {
    var card = document.getElementById("scorecard");
    var count = document.getElementById("scorecard-search-count");
    if (!card || !count) { return; }
    var words = (input.value || "").toLowerCase().trim().split(/\s+/).filter(Boolean);
    var shown = 0;
    card.querySelectorAll(".scorecard-group").forEach(function (group) {
      var inGroup = 0;
      group.querySelectorAll("tr[data-search]").forEach(function (row) {
        var text = row.getAttribute("data-search");
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !match;
        if (match) { inGroup += 1; }
      });
      group.hidden = inGroup === 0;
      var heading = group.querySelector(".group-heading");
      var link = heading && document.querySelector('#scorecard-jump a[data-group="' + heading.id + '"]');
      if (link) { link.parentElement.hidden = inGroup === 0; }
      shown += inGroup;
    });
    var total = Number(count.getAttribute("data-total"));
    var noun = function (n) { return n === 1 ? " indicator" : " indicators"; };
    count.textContent = words.length
      ? shown + " of " + total + noun(total) + " match \u201c" + input.value.trim() + "\u201d"
      : total + noun(total);
  }
  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "scorecard-search") { filter(event.target); }
  });
})();
