// The export page: show the date fields only for "Choose dates" (they stay when they hold an error).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("period");
  const dates = document.querySelector(".custom-dates");
  if (!select || !dates) { return; }
  const update = () => dates.classList.toggle("is-hidden",
    select.value !== "custom" && !dates.querySelector(".has-error"));
  select.addEventListener("change", update);
  update();
});
