// Small progressive enhancements; every page works without JavaScript.
"use strict";

function toggleWith(control, target, isShown) {
  const update = () => target.classList.toggle("is-hidden", !isShown());
  control.addEventListener("change", update);
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  // Hide "Ended" while "It is still going on" is ticked.
  const stillGoing = document.getElementById("still_going");
  const ended = document.querySelector(".ended-at");
  if (stillGoing && ended) {
    toggleWith(stillGoing, ended, () => !stillGoing.checked);
  }
  // Show the aura questions only after "Aura: yes".
  const aura = document.getElementById("aura");
  const details = document.querySelector(".aura-details");
  if (aura && details) {
    const answeredYes = () => {
      const yes = aura.querySelector("input[value='yes']");
      return Boolean(yes && yes.checked) || details.querySelector(".has-error") !== null;
    };
    toggleWith(aura, details, answeredYes);
  }
  // The period pickers (dashboard, review, export): the date fields only for "Choose dates"
  // (they stay when they hold an error).
  // The export page has two (the PDF's and the FHIR file's).
  document.querySelectorAll(".period-picker").forEach((picker) => {
    const period = picker.querySelector("select[name='period']");
    const dates = picker.querySelector(".custom-dates");
    if (period && dates) {
      toggleWith(period, dates,
        () => period.value === "custom" || dates.querySelector(".has-error") !== null);
    }
  });
});
