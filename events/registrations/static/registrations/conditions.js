// A question asked only on an earlier answer ("Which organisation?" only when "Do you attend for
// an organisation?" is Yes) shows while that answer is given and hides when it is taken back.
// Without this script every question shows, its help text saying when to answer it, and the
// server drops the answer to a question whose condition does not hold (services/conditions.py).
(() => {
  const dependents = document.querySelectorAll("[data-ask-if-field]");
  if (!dependents.length) return;
  // The box of each conditional question, in the page's order, with its condition.
  const boxes = new Map();
  for (const input of dependents) {
    const box = input.closest(".question, .w-field__wrapper, li") || input.parentElement;
    if (!boxes.has(box)) {
      boxes.set(box, { form: input.form, field: input.dataset.askIfField, value: input.dataset.askIfValue });
    }
  }
  const chosen = (form, name) => {
    const inputs = [...form.querySelectorAll(`[name="${CSS.escape(name)}"]`)];
    // An answer to a question hidden itself does not count.
    if (inputs.some((input) => input.closest("[data-unasked]"))) return [];
    return inputs
      .filter((input) => !["radio", "checkbox"].includes(input.type) || input.checked)
      .map((input) => input.value);
  };
  const update = () => {
    for (const [box, condition] of boxes) {
      const asked = chosen(condition.form, condition.field).includes(condition.value);
      box.hidden = !asked;
      box.toggleAttribute("data-unasked", !asked);
    }
  };
  for (const form of new Set([...boxes.values()].map((condition) => condition.form))) {
    form.addEventListener("change", update);
  }
  update();
})();
