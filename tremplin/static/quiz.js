// Quiz page: keep the hidden reponses.json field in step with the form.
"use strict";
(function () {
  const quiz = document.getElementById("quiz");
  const field = document.querySelector('textarea[data-file="reponses.json"]');
  if (!quiz || !field) return;
  const questions = Array.from(quiz.querySelectorAll("fieldset[data-qid]"));

  function read(fieldset) {
    const type = fieldset.dataset.type;
    if (type === "single") {
      const checked = fieldset.querySelector("input:checked");
      return checked ? checked.value : "";
    }
    if (type === "multiple") {
      return Array.from(fieldset.querySelectorAll("input:checked")).map((i) => i.value);
    }
    if (type === "order") {
      return Array.from(fieldset.querySelectorAll("li[data-value]")).map((li) => li.dataset.value);
    }
    return fieldset.querySelector("input").value;
  }

  function restore(fieldset, value) {
    const type = fieldset.dataset.type;
    if (type === "single" || type === "multiple") {
      const wanted = Array.isArray(value) ? value : [value];
      for (const input of fieldset.querySelectorAll("input")) input.checked = wanted.includes(input.value);
    } else if (type === "order" && Array.isArray(value)) {
      const list = fieldset.querySelector("ol");
      for (const item of value) {
        const li = Array.from(list.children).find((node) => node.dataset.value === item);
        if (li) list.append(li);
      }
    } else if (type === "text" && typeof value === "string") {
      fieldset.querySelector("input").value = value;
    }
  }

  function save() {
    const answers = {};
    for (const fieldset of questions) answers[fieldset.dataset.qid] = read(fieldset);
    field.value = JSON.stringify(answers);
    field.dispatchEvent(new Event("input"));
  }

  let saved = {};
  try { saved = JSON.parse(field.value || "{}"); } catch (err) { saved = {}; }
  for (const fieldset of questions) {
    if (saved && Object.prototype.hasOwnProperty.call(saved, fieldset.dataset.qid)) {
      restore(fieldset, saved[fieldset.dataset.qid]);
    }
  }
  quiz.addEventListener("input", save);
  quiz.addEventListener("change", save);
  quiz.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-move]");
    if (!button) return;
    const li = button.closest("li");
    if (button.dataset.move === "-1" && li.previousElementSibling) li.previousElementSibling.before(li);
    if (button.dataset.move === "1" && li.nextElementSibling) li.nextElementSibling.after(li);
    button.focus();
    save();
  });
  save();
})();
