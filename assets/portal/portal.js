// Enables Submit only when both passphrase entries match, the policy
// holds and the agreement is accepted, and shows the policy as the
// applicant types. The server checks all of it again.
(function () {
  var p1 = document.getElementById("pass1"), p2 = document.getElementById("pass2");
  var submit = document.getElementById("submit"), list = document.getElementById("policy");
  if (!p1 || !p2 || !submit || !list) return;
  var agree = submit.form.querySelector("input[name=agree]");
  function classes(s) {
    return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter(function (r) { return r.test(s); }).length;
  }
  function mark(rule, ok) {
    var li = list.querySelector("[data-rule=" + rule + "]");
    if (li) li.className = ok ? "ok" : "no";
  }
  function update() {
    var a = p1.value, len = a.length >= 10, cls = classes(a) >= 3, same = a !== "" && a === p2.value;
    mark("len", len); mark("classes", cls); mark("same", same);
    submit.disabled = !(len && cls && same && agree.checked);
  }
  [p1, p2, agree].forEach(function (e) { e.addEventListener("input", update); e.addEventListener("change", update); });
  update();
})();
