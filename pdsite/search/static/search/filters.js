// The search page's filters sit beside the results on wide screens (open) and below them,
// folded, on narrow ones, unless a filter is applied. Without this script they stay open.
const panel = document.querySelector("details.search-filters");
const narrow = window.matchMedia("(max-width: 55.99em)").matches;
if (panel && narrow && !panel.querySelector("input[type=radio][value]:not([value='']):checked")) {
  panel.open = false;
}
